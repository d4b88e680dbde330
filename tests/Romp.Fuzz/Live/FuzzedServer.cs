using System.Net;
using Romp.Fuzz.Recording;
using Romp.Fuzz.Target;

namespace Romp.Fuzz.Live;

/// <summary>
/// The server under fuzz, in this process on tcp://127.0.0.1:0: the oracle-checked target and the canary's strict
/// one bound, a <see cref="ServerWatch"/> on its logs, closes and unhandled exceptions.
/// </summary>
internal sealed class FuzzedServer : IAsyncDisposable
{
    private readonly ServerWatch _watch;

    private FuzzedServer(RompServer server, ServerWatch watch, CallMonitor monitor)
    {
        Server = server;
        _watch = watch;
        Monitor = monitor;
        Endpoint = IPEndPoint.Parse(new Uri(server.Endpoint).Authority);
    }

    public RompServer Server { get; }

    public IPEndPoint Endpoint { get; }

    /// <summary>The fuzzed target's monitor.</summary>
    public CallMonitor Monitor { get; }

    public static async Task<FuzzedServer> StartAsync(ValidCalls valid, FuzzFindings findings, FuzzStats stats, CancellationToken cancellationToken)
    {
        var watch = new ServerWatch(findings, stats);
        var options = new RompServerOptions
        {
            MaxFrameSize = LiveFuzzer.MaxFrame,
            // Short, so that connections a mutation left hanging (a broken hello, a stalled writer) go away within a run.
            HandshakeTimeout = TimeSpan.FromSeconds(5),
            StalledWriteTimeout = TimeSpan.FromSeconds(10),
            // Short, so that the stall conversations can check that a peer stalled mid-frame is hung up on.
            FrameReadTimeout = LiveFuzzer.FrameReadTimeout,
            LoggerFactory = watch,
        };
        var monitor = CallMonitor.Oracle(ConversationScripts.TargetName, findings, valid);
        var server = new RompServer("tcp://127.0.0.1:0", options);
        try
        {
            server.ConnectionClosed += watch.OnConnectionClosed;
            server.Bind<IFuzzTarget>(ConversationScripts.TargetName, new FuzzTarget(monitor));
            server.Bind<IFuzzTarget>(Canary.TargetName, new FuzzTarget(CallMonitor.Strict(Canary.TargetName, findings)));
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            watch.Dispose();
            throw;
        }

        return new FuzzedServer(server, watch, monitor);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        _watch.Dispose();
    }
}
