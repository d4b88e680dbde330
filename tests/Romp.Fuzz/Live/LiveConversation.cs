using System.Net;
using System.Net.Sockets;
using Romp.Fuzz.Mutation;
using Romp.Fuzz.Target;
using Romp.Fuzz.Wire;

namespace Romp.Fuzz.Live;

/// <summary>
/// One mutated conversation over its own raw loopback socket: register its valid calls with the oracle, send the bytes
/// as planned while a receive loop parses and checks everything the server answers, end, and wait (bounded) for the
/// server to close. With a stall point, it stops sending mid-frame instead, and the server must close the connection
/// within its frame read timeout.
/// </summary>
internal sealed class LiveConversation
{
    /// <summary>How long the server may take to close once the client has sent everything and shut down.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a resolve's answer is waited for before calls go out anyway.</summary>
    public static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Past this a conversation is hung, whatever it waits for.</summary>
    public static readonly TimeSpan ConversationTimeout = TimeSpan.FromSeconds(45);

    private readonly IPEndPoint _server;
    private readonly uint _serverMaxFrame;
    private readonly ValidCalls _valid;
    private readonly FuzzFindings _findings;
    private readonly FuzzStats _stats;

    public LiveConversation(IPEndPoint server, uint serverMaxFrame, ValidCalls valid, FuzzFindings findings, FuzzStats stats)
    {
        _server = server;
        _serverMaxFrame = serverMaxFrame;
        _valid = valid;
        _findings = findings;
        _stats = stats;
    }

    /// <param name="mutated">What to send.</param>
    /// <param name="context">Names the conversation in findings: enough to replay it.</param>
    /// <param name="stall">When set, stop sending at (offset, mid-frame) and expect the server to close within the timeout.</param>
    /// <param name="cancellationToken">Abandons the conversation.</param>
    public async Task RunAsync(MutatedConversation mutated, string context, (int Offset, TimeSpan FrameReadTimeout)? stall, CancellationToken cancellationToken)
    {
        byte[] bytes = mutated.Bytes;
        bool helloValid = WireParser.CheckHello(bytes) == HelloCheck.Valid;
        WireParse parse = helloValid ? WireParser.Parse(bytes, WireType.HelloSize, _serverMaxFrame) : new WireParse([], WireStop.End, 0);
        int sentLength = stall?.Offset ?? bytes.Length;
        WireParse reached = stall is null ? parse : new WireParse(parse.Frames.Where(f => f.End <= sentLength).ToList(), WireStop.Truncated, sentLength);
        long[] calls = CallDecoder.ValidCalls(bytes, reached.Frames);
        uint clientMax = helloValid ? WireParser.HelloMaxFrame(bytes) : 16 << 20;
        var checker = new ServerOutputChecker(new SentCalls(reached), clientMax, context, _findings);

        // The oracle must know the calls before the first byte can reach the server.
        _valid.Add(calls);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConversationTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_server, timeout.Token).ConfigureAwait(false);
            Task<bool> receiving = ReceiveAsync(socket, checker, timeout.Token);
            bool delivered = await SendAsync(socket, bytes, sentLength, mutated.Plan, checker, timeout.Token).ConfigureAwait(false);
            Interlocked.Add(ref _stats.FramesSent, reached.Frames.Count + (reached.Stop == WireStop.End ? 0 : 1));
            Interlocked.Add(ref _stats.BytesSent, sentLength);

            if (stall is { } s)
                await ExpectCloseAsync(socket, receiving, s.FrameReadTimeout, context).ConfigureAwait(false);
            else if (mutated.Plan.Ending == Ending.HalfClose || !delivered)
                await HalfCloseAsync(socket, receiving, context).ConfigureAwait(false);
            else
                Drop(socket, mutated.Plan.Ending == Ending.Reset);
            bool cleanly = await receiving.ConfigureAwait(false);
            if (cleanly && stall is null)
                checker.CheckComplete();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _findings.Report("conversation-hung", $"{context}: nothing moved for {ConversationTimeout.TotalSeconds:0} s");
        }
        finally
        {
            socket.Dispose();
            _valid.Retire(calls);
            Interlocked.Increment(ref _stats.Conversations);
            Interlocked.Add(ref _stats.FramesReceived, checker.Frames);
            if (checker.GoodbyeSeen)
                Interlocked.Increment(ref _stats.Goodbyes);
        }
    }

    /// <summary>Sends up to <paramref name="length"/> bytes in the planned writes; false if the server hung up first.</summary>
    private static async Task<bool> SendAsync(Socket socket, byte[] bytes, int length, SendPlan plan, ServerOutputChecker checker, CancellationToken cancellationToken)
    {
        int sent = 0;
        int barrier = 0;
        foreach (int cut in plan.Cuts)
        {
            int end = Math.Min(cut, length);
            if (end <= sent)
                continue;
            try
            {
                await socket.SendAsync(bytes.AsMemory(sent, end - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // The server closed on us, as it should after a violation: what it sent is still read and checked.
                return false;
            }

            sent = end;
            while (barrier < plan.Barriers.Length && plan.Barriers[barrier].Offset <= sent)
            {
                try
                {
                    await checker.WhenAnswered(plan.Barriers[barrier].CallId).WaitAsync(BarrierTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // A mutated resolve may never be answered; the calls after it go out regardless.
                }

                barrier++;
            }

            if (sent == length)
                break;
        }

        return true;
    }

    private async Task HalfCloseAsync(Socket socket, Task<bool> receiving, string context)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already reset by the server: the receive loop ends by itself.
        }

        try
        {
            await receiving.WaitAsync(CloseTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _findings.Report("connection-not-closed", $"{context}: the server kept the connection open {CloseTimeout.TotalSeconds:0} s after the client finished sending");
            Drop(socket, reset: true);
        }
    }

    private async Task ExpectCloseAsync(Socket socket, Task<bool> receiving, TimeSpan frameReadTimeout, string context)
    {
        Interlocked.Increment(ref _stats.Stalls);
        // The server's clock starts at the frame's first byte, which went out a moment before; the margin covers a busy machine.
        TimeSpan limit = frameReadTimeout + TimeSpan.FromSeconds(5);
        try
        {
            await receiving.WaitAsync(limit).ConfigureAwait(false);
            Interlocked.Increment(ref _stats.StallsClosed);
        }
        catch (TimeoutException)
        {
            _findings.Report("stalled-connection-kept-open", $"{context}: the server kept a connection stalled mid-frame open {limit.TotalSeconds:0} s (FrameReadTimeout {frameReadTimeout.TotalSeconds:0} s)");
            Drop(socket, reset: true);
        }
    }

    private static void Drop(Socket socket, bool reset)
    {
        if (reset)
            socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    }

    /// <summary>Reads until the server closes; true for a FIN, false for a reset or a socket closed on this side.</summary>
    private static async Task<bool> ReceiveAsync(Socket socket, ServerOutputChecker checker, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[16 * 1024];
        bool cleanly = false;
        try
        {
            // Bounded by the conversation's timeout: cancellation ends the loop.
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    cleanly = true;
                    break;
                }

                checker.Append(buffer.AsSpan(0, n));
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset, or this side dropped the socket: what arrived before has been checked.
        }

        checker.Ended();
        return cleanly;
    }
}
