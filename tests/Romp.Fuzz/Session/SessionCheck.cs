using System.IO.Pipelines;
using Romp.Fuzz.Live;
using Romp.Fuzz.Recording;
using Romp.Fuzz.Target;
using Romp.Fuzz.Wire;

namespace Romp.Fuzz.Session;

/// <summary>
/// One client→server stream into a whole server-side <see cref="RompConnection"/> over in-memory pipes: handshake,
/// read loop, dispatcher, formatters, reference tracker. The same checks as the live level (the oracle-checked target,
/// the output checker, the close reason) without a socket, so that a coverage-guided fuzzer can run it thousands of
/// times a second and see which input reached which code.
/// </summary>
internal static class SessionCheck
{
    /// <summary>How long one stream may take end to end; its connection is closed by then unless it hangs.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(byte[] bytes, string context, FuzzFindings findings, CancellationToken cancellationToken)
    {
        bool helloValid = WireParser.CheckHello(bytes) == HelloCheck.Valid;
        WireParse parse = helloValid ? WireParser.Parse(bytes, WireType.HelloSize, LiveFuzzer.MaxFrame) : new WireParse([], WireStop.End, 0);
        var valid = new ValidCalls();
        valid.Add(CallDecoder.ValidCalls(bytes, parse.Frames));
        var checker = new ServerOutputChecker(new SentCalls(parse), helloValid ? WireParser.HelloMaxFrame(bytes) : 16 << 20, context, findings);
        var stats = new FuzzStats();
        using var watch = new ServerWatch(findings, stats);
        var toServer = new Pipe();
        var fromServer = new Pipe();
        var options = new RompConnectionOptions
        {
            MaxFrameSize = LiveFuzzer.MaxFrame,
            HandshakeTimeout = TimeSpan.FromSeconds(2),
            FrameReadTimeout = TimeSpan.FromSeconds(1),
            LoggerFactory = watch,
        };

        RompConnection connection = RompConnection.Create(new DuplexPipe(toServer.Reader, fromServer.Writer), options);
        await using (connection.ConfigureAwait(false))
        {
            connection.Bind<IFuzzTarget>(ConversationScripts.TargetName, new FuzzTarget(CallMonitor.Oracle(ConversationScripts.TargetName, findings, valid)));
            Task draining = DrainAsync(fromServer.Reader, checker);
            // All of it at once, then the end of the stream: the connection must take it apart and close by itself.
            await toServer.Writer.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await toServer.Writer.CompleteAsync().ConfigureAwait(false);
            try
            {
                await connection.StartAsync(cancellationToken).WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (RompException)
            {
                // A refused hello: the connection is over, which Completion says too.
            }

            try
            {
                await connection.Completion.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                findings.Report("session-hung", $"{context}: the connection was still open {Timeout.TotalSeconds:0} s after its input ended");
            }
            catch (RompException)
            {
                // Completion faults with the close reason; it is checked below.
            }

            for (Exception? inner = connection.CloseReason?.InnerException; inner is not null; inner = inner.InnerException)
            {
                if (inner is not (RompException or IOException or OperationCanceledException or ObjectDisposedException or TimeoutException))
                {
                    findings.Report("unexpected-close-exception", $"{context}: the connection closed because of {inner.GetType()}: {inner.Message}\n{inner.StackTrace}");
                    break;
                }
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            await draining.WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task DrainAsync(PipeReader output, ServerOutputChecker checker)
    {
        // Bounded: the connection completes its output when it closes, and the caller waits at most Timeout for that.
        while (true)
        {
            ReadResult result = await output.ReadAsync().ConfigureAwait(false);
            foreach (ReadOnlyMemory<byte> segment in result.Buffer)
                checker.Append(segment.Span);
            output.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
                break;
        }

        checker.Ended();
        checker.CheckComplete();
        await output.CompleteAsync().ConfigureAwait(false);
    }
}
