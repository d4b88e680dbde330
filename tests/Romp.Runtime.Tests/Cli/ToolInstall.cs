using System.Runtime.CompilerServices;
using Romp.Tests.Support;

namespace Romp.Tests.Cli;

/// <summary>
/// The romp tool as a user gets it: Romp and Romp.Cli packed under a version of their own (so the global NuGet cache
/// never serves a stale one), into a folder feed, and installed with <c>dotnet tool install --tool-path</c>. The
/// restore is isolated in a temporary folder, with the machine's global packages folder as a fallback so that it
/// needs no network; everything lives under <see cref="Root"/>, which <see cref="DisposeAsync"/> deletes.
/// </summary>
internal sealed class ToolInstall : IAsyncDisposable
{
    private ToolInstall(string root, string version)
    {
        Root = root;
        Version = version;
    }

    public string Root { get; }

    public string Version { get; }

    /// <summary>The installed <c>romp</c> command.</summary>
    public string Command => Path.Combine(Root, "tools", "romp");

    public static async Task<ToolInstall> CreateAsync(CancellationToken cancellationToken)
    {
        string root = Path.Combine(Path.GetTempPath(), $"romp-cli-{Guid.NewGuid():N}");
        string version = $"0.0.1-cli{DateTime.UtcNow:yyyyMMddHHmmss}{Random.Shared.Next(1000, 9999)}";
        var install = new ToolInstall(root, version);
        try
        {
            Directory.CreateDirectory(root);
            string feed = Path.Combine(root, "feed");
            string packages = Path.Combine(root, "packages");
            string config = Path.Combine(root, "nuget.config");
            string fallback = GlobalPackagesFolder();
            await File.WriteAllTextAsync(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="romp-test-feed" value="{feed}" />
                  </packageSources>
                  <fallbackPackageFolders>
                    <add key="machine" value="{fallback}" />
                  </fallbackPackageFolders>
                </configuration>
                """, cancellationToken);

            foreach (string project in new[] { "src/Romp.Runtime/Romp.Runtime.csproj", "src/Romp.Cli/Romp.Cli.csproj" })
            {
                (int exit, string log) = await ChildProcess.RunAsync("dotnet", ["pack", Path.Combine(RepositoryRoot(), project), "-c", "Release",
                    $"-p:Version={version}", "-o", feed, "--nologo"], cancellationToken);
                if (exit != 0)
                    throw new InvalidOperationException($"dotnet pack {project} failed ({exit}):\n{log}");
            }

            (int installExit, string installLog) = await RunDotnetAsync(["tool", "install", "Romp.Cli", "--version", version, "--tool-path",
                Path.Combine(root, "tools"), "--configfile", config], packages, cancellationToken);
            if (installExit != 0)
                throw new InvalidOperationException($"dotnet tool install failed ({installExit}):\n{installLog}");
            return install;
        }
        catch
        {
            await install.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
        return default;
    }

    // dotnet with its own package cache (NUGET_PACKAGES), so nothing this install restores lands in the machine's.
    private static async Task<(int, string)> RunDotnetAsync(string[] arguments, string packages, CancellationToken cancellationToken)
    {
        string? previous = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        Environment.SetEnvironmentVariable("NUGET_PACKAGES", packages);
        try
        {
            return await ChildProcess.RunAsync("dotnet", arguments, cancellationToken);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", previous);
        }
    }

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
