using System.Diagnostics;
using Romp.Tests.Packaging;
using Romp.Tests.Support;

namespace Romp.Tests.SharedContracts;

/// <summary>
/// Builds <see cref="SharedContractSolution"/> (contracts, server and client projects) once with <c>dotnet build</c>,
/// then runs the server and the client as two processes talking over loopback: a nested record, a union, a reference,
/// a callback, a block and a stream item, all typed by the contracts assembly, come through with no InternalsVisibleTo.
/// </summary>
[TestFixture]
[Category("Socket")]
[NonParallelizable]
public sealed class SharedContractSolutionTests
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(5);

    private string _root = "";
    private string _buildLog = "";

    [OneTimeSetUp]
    public async Task BuildSolution()
    {
        using var cancellation = new CancellationTokenSource(s_buildTimeout + TimeSpan.FromSeconds(30));
        _root = Path.Combine(Path.GetTempPath(), $"romp-shared-{Guid.NewGuid():N}");
        string generator = Path.Combine(AppContext.BaseDirectory, "generator", "Romp.Generators.dll");
        Assert.That(File.Exists(generator), Is.True, $"{generator} is missing: the test project copies the generator's build output there");
        try
        {
            SharedContractSolution.Write(_root, Path.GetDirectoryName(typeof(RompServer).Assembly.Location)!, generator);
            (int exit, string log) = await DotnetCli.RunAsync(_root, ["build", SharedContractSolution.SolutionFile, "-nodeReuse:false"], s_buildTimeout, cancellation.Token);
            _buildLog = log;
            Assert.That(exit, Is.EqualTo(0), log);
        }
        catch
        {
            // NUnit runs the one-time teardown only after a setup that succeeded.
            DeleteSolution();
            throw;
        }
    }

    [OneTimeTearDown]
    public void DeleteSolution()
    {
        if (_root.Length > 0 && Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void Build_ThreeProjects_NoWarningsAndNoInternalsVisibleTo()
    {
        Assert.That(_buildLog, Does.Contain("0 Warning(s)"), _buildLog);
        string[] sources = Directory.GetFiles(_root, "*.cs", SearchOption.AllDirectories)
            .Where(static f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToArray();
        Assert.That(sources, Is.Not.Empty);
        Assert.That(sources.Select(File.ReadAllText), Has.None.Contain("InternalsVisibleTo"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ServerAndClient_OverLoopback_EveryContractTypeComesThrough(CancellationToken cancellationToken)
    {
        using Process server = StartServer();
        try
        {
            string? endpoint = await server.StandardOutput.ReadLineAsync(cancellationToken);
            Assert.That(endpoint, Does.StartWith("tcp://127.0.0.1:"), () => "the server did not start: " + server.StandardError.ReadToEnd());

            (int exit, string output) = await ChildProcess.RunAsync(ChildProcess.DotnetHost(),
                [Path.Combine(_root, SharedContractSolution.ClientAssembly), endpoint!], cancellationToken);

            Assert.That(exit, Is.EqualTo(0), output);
            Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Is.EqualTo(SharedContractSolution.ExpectedClientLines), output);
        }
        finally
        {
            // Closing its input ends the server; it must exit cleanly, not be killed.
            server.StandardInput.Close();
            await server.WaitForExitAsync(cancellationToken);
        }

        Assert.That(server.ExitCode, Is.EqualTo(0), await server.StandardError.ReadToEndAsync(cancellationToken));
    }

    private Process StartServer()
    {
        var start = new ProcessStartInfo(ChildProcess.DotnetHost())
        {
            ArgumentList = { Path.Combine(_root, SharedContractSolution.ServerAssembly) },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return Process.Start(start)!;
    }
}
