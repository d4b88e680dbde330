using System.Runtime.CompilerServices;
using Romp.Tests.Support;

namespace Romp.Tests.Aot;

/// <summary>
/// Publishes samples/AotSmoke with NativeAOT (trim and AOT warnings are errors there) for net10.0 and net8.0, the
/// newest and oldest frameworks the runtime package targets, and runs each binary: Romp must work with no reflection
/// and no JIT on both. Slow (a native link each), so it has its own category.
/// </summary>
[TestFixture]
[Category("Aot")]
[NonParallelizable]
public sealed class AotSmokeTests
{
    [TestCase("net10.0")]
    [TestCase("net8.0")]
    [CancelAfter(600_000)]
    public async Task AotSmoke_PublishedNative_RunsEveryMessageTypeOnEveryTransport(string framework, CancellationToken cancellationToken)
    {
        string project = Path.Combine(RepositoryRoot(), "samples", "AotSmoke", "AotSmoke.csproj");
        string output = Path.Combine(Path.GetTempPath(), $"romp-aot-{Guid.NewGuid():N}");
        try
        {
            (int publishExit, string publishLog) = await ChildProcess.RunAsync(
                "dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-f", framework, "-o", output], cancellationToken);
            Assert.That(publishExit, Is.EqualTo(0), publishLog);
            Assert.That(publishLog, Does.Not.Contain("warning IL"), "trim or AOT warnings");

            (int exit, string log) = await ChildProcess.RunAsync(Path.Combine(output, "AotSmoke"), [], cancellationToken);

            Assert.That(exit, Is.EqualTo(0), log);
            Assert.That(log, Does.Contain("all checks passed"));
            Assert.That(log, Does.Not.Contain("FAIL"));
        }
        finally
        {
            if (Directory.Exists(output))
                Directory.Delete(output, recursive: true);
        }
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
