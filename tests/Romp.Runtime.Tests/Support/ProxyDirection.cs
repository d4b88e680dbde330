using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Romp.Tests.Support;

/// <summary>
/// One direction of a <see cref="ProxiedConnection"/> and the faults injected into it, each of which may be changed while
/// bytes flow. Two async loops do the work: the reader applies what acts on arrival (stall, black hole, dropped frames),
/// the writer what acts on departure (latency, bandwidth). A bounded queue between them makes a slow writer push back
/// on the reader and so, through the kernel's buffers, on the sender's TCP window, as a slow link would.
/// </summary>
public sealed class ProxyDirection
{
    private const int ReadSize = 64 * 1024;
    private const int QueuedChunks = 64; // at most 4 MiB read ahead of the writer
    private const int PacingSlicesPerSecond = 50; // a bandwidth limit is paced in 20 ms slices, so it holds inside a chunk too

    private readonly ProxiedConnection _connection;
    private readonly Socket _source;
    private readonly Socket _destination;
    private readonly Channel<Chunk> _queue = Channel.CreateBounded<Chunk>(new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });
    private readonly RompFrameFilter _filter = new(); // the reader's alone
    private readonly CancellationTokenSource _forwarding = new(); // cancelled by a cut: the writer stops at once
    private readonly ChangeSignal _countersMoved = new();
    private readonly object _gate = new();
    private TaskCompletionSource? _resume; // guarded by _gate; set while stalled
    private Task _run = Task.CompletedTask;

    // The faults: set by tests from any thread, read by the loops once per chunk (or per pacing slice).
    private long _latencyTicks;
    private long _bytesPerSecond;
    private volatile bool _blackHole;
    private volatile bool _draining; // a FIN cut: read and drop until the source ends, forward nothing
    private Func<ProxyFrame, bool>? _drop;

    // Written by the loops with Interlocked, read by tests.
    private long _bytesRead;
    private long _bytesForwarded;
    private long _bytesDropped;
    private long _framesForwarded;
    private long _framesDropped;

    private long _nextSendTimestamp; // the writer's alone: when the bandwidth limit lets the next slice go

    internal ProxyDirection(ProxiedConnection connection, Socket source, Socket destination, string name)
    {
        _connection = connection;
        _source = source;
        _destination = destination;
        Name = name;
    }

    /// <summary>"client→server" or "server→client", for messages.</summary>
    public string Name { get; }

    /// <summary>How long each chunk is held after it was read before it is sent on (default zero). Order is kept.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>The most bytes per second sent on (default 0: no limit).</summary>
    public long BytesPerSecond
    {
        get => Interlocked.Read(ref _bytesPerSecond);
        set => Interlocked.Exchange(ref _bytesPerSecond, value);
    }

    /// <summary>
    /// While true, bytes are read and silently dropped, and both TCP connections stay open: the sender sees its writes
    /// succeed, the receiver sees nothing. The half-open case: only a timeout or a keepalive can tell.
    /// </summary>
    public bool BlackHole
    {
        get => _blackHole;
        set => _blackHole = value;
    }

    /// <summary>True between <see cref="Stall"/> and <see cref="Resume"/>.</summary>
    public bool IsStalled
    {
        get
        {
            lock (_gate)
                return _resume is not null;
        }
    }

    /// <summary>Bytes read from the source.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Bytes written to the destination.</summary>
    public long BytesForwarded => Interlocked.Read(ref _bytesForwarded);

    /// <summary>Bytes read and not forwarded: black-holed, in dropped frames, or drained after a FIN cut.</summary>
    public long BytesDropped => Interlocked.Read(ref _bytesDropped);

    /// <summary>Frames whose header passed the filter (sent on, or queued to be).</summary>
    public long FramesForwarded => Interlocked.Read(ref _framesForwarded);

    /// <summary>Frames dropped whole: by the predicate of <see cref="DropFrames"/>, or because their header arrived in a black hole.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Completes when both loops have ended: the source's stream ended and was passed on, or the connection was cut.</summary>
    public Task Completion => _run;

    /// <summary>
    /// Stops reading the source at all: what it sends stays in the kernel's buffers until they fill and its writes block.
    /// The reader waits for bytes before it takes any and looks at the stall in between, so at most a read it had begun
    /// (64 KiB) still passes. A reset from the source is not seen while stalled either, as nothing reads it.
    /// </summary>
    public void Stall()
    {
        lock (_gate)
            _resume ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Reading goes on after a <see cref="Stall"/>.</summary>
    public void Resume()
    {
        TaskCompletionSource? resume;
        lock (_gate)
        {
            resume = _resume;
            _resume = null;
        }

        resume?.TrySetResult();
    }

    /// <summary>Drops whole frames (header and payload) for which <paramref name="drop"/> is true, from the next header on; null drops none.</summary>
    public void DropFrames(Func<ProxyFrame, bool>? drop) => Volatile.Write(ref _drop, drop);

    /// <summary>Drops every frame of <paramref name="type"/> (CANCEL is 10; docs/protocol.md §2).</summary>
    public void DropFramesOfType(byte type) => DropFrames(frame => frame.Type == type);

    /// <summary>
    /// Completes once <paramref name="condition"/> holds, checked each time a counter moves: a wait on the proxy's own
    /// progress, not on the clock. Throws if the direction ends first and the condition still does not hold.
    /// </summary>
    public async Task WaitUntilAsync(Func<ProxyDirection, bool> condition, CancellationToken cancellationToken)
    {
        if (!await _countersMoved.WaitUntilAsync(() => condition(this), _run, cancellationToken).ConfigureAwait(false))
            throw new InvalidOperationException($"The {Name} direction ended before the condition held: {this}.");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: read {BytesRead}, forwarded {BytesForwarded}, dropped {BytesDropped} bytes; frames forwarded {FramesForwarded}, dropped {FramesDropped}";

    internal void Start() => _run = Task.WhenAll(Task.Run(ReadLoopAsync), Task.Run(WriteLoopAsync));

    /// <summary>A cut: nothing more is sent on; a stalled reader wakes, to drain (FIN) or to find its socket gone (reset).</summary>
    internal void StopForwarding(bool drain)
    {
        _draining = drain;
        _forwarding.Cancel();
        Resume();
    }

    private async Task ReadLoopAsync()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        bool sourceFailed = false;
        try
        {
            while (true)
            {
                // Wait for bytes without taking them, so that a stall leaves them in the kernel and the sender's window fills.
                await _source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
                Task resumed;
                lock (_gate)
                    resumed = _resume?.Task ?? Task.CompletedTask;
                await resumed.ConfigureAwait(false);

                int read = await _source.ReceiveAsync(buffer.AsMemory(0, ReadSize), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                    break; // end of stream: the writer passes it on after what is queued
                Interlocked.Add(ref _bytesRead, read);
                if (_draining)
                {
                    Interlocked.Add(ref _bytesDropped, read);
                    _countersMoved.Notify();
                    continue;
                }

                byte[] kept = ArrayPool<byte>.Shared.Rent(RompFrameFilter.MaxOutput(read));
                int keptLength = _filter.Process(buffer.AsSpan(0, read), kept, Volatile.Read(ref _drop), _blackHole,
                    out int bytesDropped, out int framesForwarded, out int framesDropped);
                Interlocked.Add(ref _bytesDropped, bytesDropped);
                Interlocked.Add(ref _framesForwarded, framesForwarded);
                Interlocked.Add(ref _framesDropped, framesDropped);
                _countersMoved.Notify();
                if (keptLength == 0 || _forwarding.IsCancellationRequested)
                {
                    ArrayPool<byte>.Shared.Return(kept);
                    continue;
                }

                var chunk = new Chunk(kept, keptLength, Stopwatch.GetTimestamp());
                if (!_queue.Writer.TryWrite(chunk))
                {
                    try
                    {
                        await _queue.Writer.WriteAsync(chunk, _forwarding.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        ArrayPool<byte>.Shared.Return(kept); // cut while the writer was behind: read on, to drain or to fail
                    }
                }
            }
        }
        catch (SocketException)
        {
            sourceFailed = true; // a reset from the source, unless this proxy cut the connection itself
        }
        catch (ObjectDisposedException)
        {
            // Cut: the socket is gone.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _queue.Writer.TryComplete();
            _countersMoved.Notify();
        }

        if (sourceFailed)
            _connection.Cut(ProxyCut.Reset); // a reset travels on, as through a real path
    }

    private async Task WriteLoopAsync()
    {
        bool destinationFailed = false;
        try
        {
            await foreach (Chunk chunk in _queue.Reader.ReadAllAsync(_forwarding.Token).ConfigureAwait(false))
            {
                try
                {
                    TimeSpan wait;
                    while ((wait = Latency - Stopwatch.GetElapsedTime(chunk.ReadAt)) > TimeSpan.Zero)
                        await DelayAsync(wait).ConfigureAwait(false);
                    await SendPacedAsync(chunk.Buffer.AsMemory(0, chunk.Length)).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk.Buffer);
                }
            }

            // The source ended its stream: so does the destination, after everything the source sent before.
            _destination.Shutdown(SocketShutdown.Send);
        }
        catch (OperationCanceledException)
        {
            // Cut.
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            destinationFailed = error is SocketException;
        }
        finally
        {
            while (_queue.Reader.TryRead(out Chunk left))
                ArrayPool<byte>.Shared.Return(left.Buffer);
        }

        if (destinationFailed)
            _connection.Cut(ProxyCut.Reset);
    }

    private async ValueTask SendPacedAsync(ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            long rate = BytesPerSecond;
            int slice = bytes.Length;
            if (rate > 0)
            {
                slice = (int)Math.Clamp(rate / PacingSlicesPerSecond, 1, bytes.Length);
                long wait;
                while ((wait = _nextSendTimestamp - Stopwatch.GetTimestamp()) > 0)
                    await DelayAsync(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency)).ConfigureAwait(false);
                // No credit is saved up while idle: a burst after a pause is one slice, not a second's worth.
                _nextSendTimestamp = Math.Max(_nextSendTimestamp, Stopwatch.GetTimestamp()) + slice * Stopwatch.Frequency / rate;
            }

            int sent = await _destination.SendAsync(bytes[..slice], SocketFlags.None, _forwarding.Token).ConfigureAwait(false);
            bytes = bytes[sent..];
            Interlocked.Add(ref _bytesForwarded, sent);
            _countersMoved.Notify();
        }
    }

    // Timers count whole milliseconds on a coarser clock than Stopwatch and may fire a little early: the callers loop
    // until the time has really passed, so a fault never takes less than it says.
    private Task DelayAsync(TimeSpan wait) => Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), _forwarding.Token);

    private readonly record struct Chunk(byte[] Buffer, int Length, long ReadAt);
}
