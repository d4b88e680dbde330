using System.Runtime.CompilerServices;
using Romp.Tests.Support;

namespace Romp.Hosting.Tests.Samples;

/// <summary>
/// Runs samples/Hosted end to end, a server host and a client host in one process, whose worker calls the server
/// through an injected proxy and then stops its host: from the copy of its build next to the tests (hosted/), and as
/// a NativeAOT binary published with no trim or AOT warning.
/// </summary>
[TestFixture]
[Category("Socket")]
public sealed class HostedSampleTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Run_BothHosts_CallsThroughTheInjectedProxyAndStopsGracefully(CancellationToken cancellationToken)
    {
        string sample = Path.Combine(AppContext.BaseDirectory, "hosted", "Hosted.dll");
        Assert.That(File.Exists(sample), Is.True, $"{sample} is missing: the test project copies the sample's build output there");

        // Started from elsewhere: the sample finds its appsettings.json next to itself.
        (int exitCode, string output) = await ChildProcess.RunAsync(ChildProcess.DotnetHost(), [sample], cancellationToken);

        AssertRanToTheEnd(exitCode, output);
    }

    [Test]
    [Category("Aot")]
    [NonParallelizable]
    [CancelAfter(600_000)]
    public async Task Run_PublishedNative_CallsThroughTheInjectedProxyAndStopsGracefully(CancellationToken cancellationToken)
    {
        string project = Path.Combine(RepositoryRoot(), "samples", "Hosted", "Hosted.csproj");
        string published = Path.Combine(Path.GetTempPath(), $"romp-hosted-aot-{Guid.NewGuid():N}");
        try
        {
            (int publishExit, string publishLog) = await ChildProcess.RunAsync(
                "dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "-o", published], cancellationToken);
            Assert.That(publishExit, Is.EqualTo(0), publishLog);
            Assert.That(publishLog, Does.Not.Contain("warning IL"), "trim or AOT warnings");

            (int exitCode, string output) = await ChildProcess.RunAsync(Path.Combine(published, "Hosted"), [], cancellationToken);

            AssertRanToTheEnd(exitCode, output);
        }
        finally
        {
            if (Directory.Exists(published))
                Directory.Delete(published, recursive: true);
        }
    }

    private static void AssertRanToTheEnd(int exitCode, string output)
    {
        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(output, Does.Match(@"server: listening on tcp://127\.0\.0\.1:[1-9][0-9]* \(health Healthy\)"), output);
        Assert.That(output, Does.Contain("client: Connected to tcp://127.0.0.1:"), output);
        Assert.That(output, Does.Contain("client: 2 + 40 = 42"), output);
        Assert.That(output, Does.Contain("client: 1 / 0 failed on the server with System.DivideByZeroException"), output);
        Assert.That(output, Does.Contain("client: health Healthy (The Romp client 'backend' is connected to"), output);
        Assert.That(output, Does.Contain("Hosted.Calculator[1] adding 2 and 40"), "the server's log went through the host's console logger:\n" + output);
        Assert.That(output, Does.Contain("client: stopped (Closed)"), output);
        Assert.That(output, Does.Contain("server: stopped after 2 calls (health Unhealthy)"), output);
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
