using System.Security;

namespace Romp.Tests.Packaging;

/// <summary>
/// A brand-new console app, written the way a user would write one: its own csproj (nullable, warnings as errors, a
/// PackageReference to each package at the packed version) and a nuget.config whose only source is the local folder
/// feed. It declares a [RompObject] interface and [RompSerializable] records, so it builds only if the generator runs
/// from the Romp package, and serves and calls them over tcp://127.0.0.1:0. On net10.0 it does so from generic hosts
/// (Romp.Hosting's AddRompServer, and AddRompClient's injected proxy); on the older frameworks with RompServer and
/// RompClient alone, since Microsoft.Extensions.Hosting needs packages there (System.Text.Json) that this offline
/// machine has only for net10.0.
/// </summary>
internal static class ConsumerApp
{
    /// <summary>What the app prints when the call came back right; the test looks for this line.</summary>
    public const string ExpectedLine = "romp from a package: hello Ada, 36 (2 calls)";

    // The host the net10.0 app is written with: from the machine's packages (the fallback folder), like Romp's own
    // dependencies.
    private const string HostingVersion = "10.0.12";

    /// <summary>The frameworks the app builds for: every one the Romp package has a lib folder for.</summary>
    public static readonly string[] Frameworks = ["net8.0", "net9.0", "net10.0"];

    /// <summary>
    /// Writes the app into <paramref name="directory"/>, referencing each of <paramref name="packages"/> at
    /// <paramref name="version"/> from <paramref name="feed"/>, in each of the app's frameworks the package serves.
    /// </summary>
    public static void Write(string directory, string feed, IEnumerable<PackageFile> packages, string version)
    {
        Directory.CreateDirectory(directory);
        string references = string.Concat(packages.Select(p => Reference(p, version)));
        File.WriteAllText(Path.Combine(directory, "PackageConsumer.csproj"),
            $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>{string.Join(';', Frameworks)}</TargetFrameworks>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <InvariantGlobalization>true</InvariantGlobalization>
                <!-- Run with `dotnet app.dll`: this machine has apphost packs for only some of the frameworks. -->
                <UseAppHost>false</UseAppHost>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="{HostingVersion}" Condition="'$(TargetFramework)' == 'net10.0'" />
            {references}  </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "nuget.config"),
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{SecurityElement.Escape(feed)}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), Program);
    }

    private static string Reference(PackageFile package, string version)
    {
        string[] served = FrameworksServedBy(package);
        string condition = served.Length == Frameworks.Length
            ? ""
            : $" Condition=\"{string.Join(" or ", served.Select(static f => $"'$(TargetFramework)' == '{f}'"))}\"";
        return $"""
                <PackageReference Include="{SecurityElement.Escape(package.Id)}" Version="{SecurityElement.Escape(version)}"{condition} />

            """;
    }

    // All of them for a netstandard library (or one with no lib/), else those at or above its lowest netN.0: a package
    // that ships for fewer frameworks than Romp is still used where it can be, and restore does not fail on the others.
    private static string[] FrameworksServedBy(PackageFile package)
    {
        string[] libraries = package.Entries.Where(static e => e.StartsWith("lib/", StringComparison.Ordinal))
            .Select(static e => e.Split('/')[1]).Distinct().ToArray();
        if (libraries.Length == 0 || libraries.Any(static f => f.StartsWith("netstandard", StringComparison.Ordinal)))
            return Frameworks;
        Version lowest = libraries.Select(static f => Version.Parse(f[3..])).Min()!;
        return Frameworks.Where(f => Version.Parse(f[3..]) >= lowest).ToArray();
    }

    private const string Program =
        """
        #if NET10_0_OR_GREATER
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Microsoft.Extensions.Logging;
        #endif
        using Romp;

        #if NET10_0_OR_GREATER
        HostApplicationBuilder serverBuilder = Host.CreateApplicationBuilder();
        serverBuilder.Logging.ClearProviders();
        serverBuilder.Services.AddRompServer(o => o.Endpoint = "tcp://127.0.0.1:0").Bind<IGreeter, Greeter>("greeter");
        using IHost server = serverBuilder.Build();
        await server.StartAsync();

        HostApplicationBuilder clientBuilder = Host.CreateApplicationBuilder();
        clientBuilder.Logging.ClearProviders();
        clientBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Backend:Endpoint"] = server.Services.GetRequiredService<RompServer>().Endpoint,
        });
        clientBuilder.Services.AddRompClient("backend", clientBuilder.Configuration.GetSection("Backend")).AddProxy<IGreeter>("greeter");
        using IHost client = clientBuilder.Build();
        await client.StartAsync();

        IGreeter remote = client.Services.GetRequiredService<IGreeter>();
        Greeting greeting = await remote.GreetAsync(new Person("Ada", 35));
        greeting = await remote.GreetAsync(greeting.Person with { Age = greeting.Person.Age + 1 });
        Console.WriteLine($"romp from a package: {greeting.Text} ({server.Services.GetRequiredService<Greeter>().Calls} calls)");

        await client.StopAsync();
        await server.StopAsync();
        #else
        await using var server = new RompServer("tcp://127.0.0.1:0");
        var greeter = new Greeter();
        server.Bind<IGreeter>("greeter", greeter);
        await server.StartAsync();

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);
        IGreeter remote = await client.ResolveAsync<IGreeter>("greeter");
        Greeting greeting = await remote.GreetAsync(new Person("Ada", 35));
        greeting = await remote.GreetAsync(greeting.Person with { Age = greeting.Person.Age + 1 });
        Console.WriteLine($"romp from a package: {greeting.Text} ({greeter.Calls} calls)");
        #endif

        [RompObject]
        public interface IGreeter
        {
            ValueTask<Greeting> GreetAsync(Person person, CancellationToken cancellationToken = default);
        }

        [RompSerializable]
        public sealed record Person(string Name, int Age);

        [RompSerializable]
        public sealed record Greeting(string Text, Person Person);

        public sealed class Greeter : IGreeter
        {
            private int _calls;

            public int Calls => Volatile.Read(ref _calls);

            public ValueTask<Greeting> GreetAsync(Person person, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref _calls);
                return new(new Greeting($"hello {person.Name}, {person.Age}", person));
            }
        }
        """;
}
