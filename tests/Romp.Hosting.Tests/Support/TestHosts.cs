using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Romp.Hosting.Tests.Contracts;

namespace Romp.Hosting.Tests.Support;

/// <summary>Real generic hosts for the tests, without the defaults that read files and environment variables.</summary>
internal static class TestHosts
{
    /// <summary>A host builder as <c>Host.CreateApplicationBuilder</c> makes one, minus appsettings files, environment variables and the console logger.</summary>
    public static HostApplicationBuilder Builder()
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Development });
        // The defaults' scope validation, which DisableDefaults turns off: a scoped service resolved from the root fails.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
        return builder;
    }

    /// <summary>A server host that binds <see cref="Calculator"/> (made by the container) as "calc" on <paramref name="endpoint"/>.</summary>
    public static HostApplicationBuilder ServerBuilder(string identity = "server", string endpoint = "tcp://127.0.0.1:0", SlowCalls? slowCalls = null)
    {
        HostApplicationBuilder builder = Builder();
        builder.Services.AddSingleton(new ServerIdentity(identity));
        builder.Services.AddSingleton(slowCalls ?? new SlowCalls());
        builder.Services.AddRompServer(o => o.Endpoint = endpoint).Bind<ICalculator, Calculator>("calc");
        return builder;
    }

    /// <summary>Builds and starts a host.</summary>
    public static async Task<IHost> StartAsync(HostApplicationBuilder builder, CancellationToken cancellationToken)
    {
        IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            await DisposeAsync(host);
            throw;
        }

        return host;
    }

    /// <summary>The endpoint a started server host listens on (with the port the system picked).</summary>
    public static string Endpoint(IHost serverHost) => serverHost.Services.GetRequiredService<RompServer>().Endpoint;

    public static async ValueTask DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
            await asyncDisposable.DisposeAsync();
        else
            host.Dispose();
    }
}
