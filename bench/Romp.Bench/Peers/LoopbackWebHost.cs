using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Romp.Bench.Peers;

/// <summary>The Kestrel host the gRPC and SignalR peers share: one endpoint on a free loopback port, quiet, stopped by the child.</summary>
internal static class LoopbackWebHost
{
    public static WebApplicationBuilder CreateBuilder(HttpProtocols protocols)
    {
        // Args = []: the bench's own command line is not ASP.NET configuration.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        // The child's stdout is its control channel with the parent: nothing may log to the console.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, ParentControlledLifetime>();
        builder.Services.Configure<HostOptions>(static options => options.ShutdownTimeout = PeerTimeouts.Stop);
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols);
        });
        return builder;
    }

    /// <summary>The address Kestrel bound, with the port the system picked: http://127.0.0.1:PORT.</summary>
    public static string AddressOf(WebApplication app)
    {
        ICollection<string>? addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count != 1)
            throw new InvalidOperationException($"Kestrel reports {addresses?.Count ?? 0} addresses; the peer listens on exactly one.");
        return addresses.First();
    }
}
