using Microsoft.Extensions.Hosting;

namespace Romp.Bench.Peers;

/// <summary>
/// The peers' hosts live inside the bench's server child, which already decides when to stop (stdin closing, SIGTERM)
/// and ignores Ctrl+C. The default console lifetime would catch those signals itself and stop the peers on its own;
/// this one does nothing, so the child stops them when it stops.
/// </summary>
internal sealed class ParentControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
