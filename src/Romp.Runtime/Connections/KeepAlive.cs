using Romp.Internal;
using Romp.Protocol;

namespace Romp.Connections;

/// <summary>
/// PING and PONG (docs/protocol.md §3.12): answers the peer's PINGs, pings a peer that has gone quiet for
/// KeepAliveInterval, declares it dead when it stays quiet for KeepAliveTimeout more, and, while this side's read loop
/// is paused, sends PINGs of its own as proof of life. PING goes only to a peer whose hello announced
/// <see cref="HelloFlags.KeepAlive"/>: an older one would take it for a protocol violation.
/// </summary>
/// <remarks>
/// One timer per connection, re-armed for the next moment something is due: a connection that keeps receiving costs one
/// callback per KeepAliveInterval, and the read loop one clock read per read (<see cref="LinkActivity"/>). The timer
/// holds the connection only until <see cref="Dispose"/>, which the read loop calls as it ends.
/// </remarks>
internal sealed class KeepAlive : IDisposable
{
    private const long ProofOfLifeCapMs = 1000; // a paused reader proves itself alive at least this often
    private const long MaxDueMs = uint.MaxValue - 1; // the longest a Timer waits

    private static readonly TimerCallback s_tick = static state => ((KeepAlive)state!).OnTick();

    private readonly FrameOutput _output;
    private readonly LinkActivity _activity;
    private readonly RompConnection _connection; // aborted when the peer is dead
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly long _intervalMs;     // long.MaxValue: this side never pings a quiet peer
    private readonly long _timeoutMs;      // long.MaxValue: it pings, but never declares the peer dead
    private readonly long _proofOfLifeMs;  // min(interval, 1 s): the pace of PINGs while the read loop is paused

    private volatile bool _peerAnswers; // set once by Start, before the read loop runs: the peer announced KeepAlive

    // Written by the read loop only; read by the timer.
    private long _pauses;          // times the read loop has paused: one that paused and resumed between two ticks counts too
    private volatile bool _paused; // the read loop is paused now

    // All guarded by _gate, which the timer's callback, Start, the read loop's pauses and Dispose take: a pause may
    // re-arm the timer while a callback runs, and the lock keeps the two from interleaving.
    private readonly object _gate = new();
    private Timer? _timer;     // made on first need
    private bool _disposed;
    private bool _throttled;   // the timer ticks at the proof-of-life pace
    private long _pausesSeen;  // _pauses at the last tick
    private long _pingSentAt;  // when this side's PING to a quiet peer went out; 0 while none waits for an answer
    private uint _lastPingId;

    public KeepAlive(FrameOutput output, LinkActivity activity, RompConnection connection, TimeSpan interval, TimeSpan timeout)
    {
        _output = output;
        _activity = activity;
        _connection = connection;
        _interval = interval;
        _timeout = timeout;
        _intervalMs = ToMilliseconds(interval);
        _timeoutMs = ToMilliseconds(timeout);
        _proofOfLifeMs = Math.Min(_intervalMs, ProofOfLifeCapMs);
    }

    /// <summary>Starts pinging, once the hellos are exchanged; against a peer that did not announce KeepAlive nothing is ever sent.</summary>
    public void Start(bool peerAnswers)
    {
        if (!peerAnswers)
            return;
        lock (_gate)
        {
            _peerAnswers = true;
            if (_intervalMs != long.MaxValue && !_disposed)
                ArmLocked(_intervalMs);
        }
    }

    /// <summary>The read loop's PING: answered with a PONG of the same call id.</summary>
    /// <exception cref="RompException"><see cref="RompError.InvalidMessage"/>: the peer did not announce KeepAlive, or the payload is not empty.</exception>
    public void OnPing(in Frame frame)
    {
        Require(in frame);
        // Not behind a backlog: the PONG could only queue behind bytes that prove this side alive anyway as the peer
        // reads them, and a peer that sends PINGs but reads nothing must not grow the output.
        if (!_output.IsBacklogged && _output.TryWrite(FrameType.Pong, frame.CallId, new EmptyBody()))
            _output.Flush();
    }

    /// <summary>The read loop's PONG, asked for or not: its bytes were the news, and the read loop has stamped them.</summary>
    /// <exception cref="RompException"><see cref="RompError.InvalidMessage"/>: as for <see cref="OnPing"/>.</exception>
    public void OnPong(in Frame frame) => Require(in frame);

    /// <summary>
    /// The read loop stops reading (a limit on the peer's calls, or its own output backlogged). What the peer sends now
    /// goes unread, so it must not be judged, and its PINGs get no PONG: this side sends PINGs of its own instead, for
    /// the peer to judge by, whatever this side's own keepalive setting.
    /// </summary>
    public void OnReadPaused()
    {
        Volatile.Write(ref _pauses, _pauses + 1);
        _paused = true;
        if (!_peerAnswers)
            return;
        lock (_gate)
        {
            if (_throttled || _disposed)
                return;
            _throttled = true;
            ArmLocked(_proofOfLifeMs);
        }
    }

    /// <summary>The read loop reads again.</summary>
    public void OnReadResumed() => _paused = false;

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void OnTick()
    {
        bool ping;
        bool dead = false;
        uint pingId = 0;
        lock (_gate)
        {
            if (_disposed)
                return;
            long now = Environment.TickCount64;
            long pauses = Volatile.Read(ref _pauses);
            long next;
            if (_paused || pauses != _pausesSeen)
            {
                // Paused since the last look: the peer's clock restarts once reading resumes (the read after a pause
                // stamps), and until then it hears from this side by these PINGs alone.
                _pausesSeen = pauses;
                _pingSentAt = 0;
                ping = true;
                next = _proofOfLifeMs;
            }
            else
            {
                _throttled = false;
                next = Judge(now, out ping, out dead);
            }

            if (ping)
                pingId = ++_lastPingId;
            if (!dead)
                ArmLocked(next);
        }

        if (ping)
            SendPing(pingId);
        if (dead)
        {
            _connection.Abort(new RompException(RompError.ConnectionBroken,
                $"Nothing was received from the peer for {(_interval + _timeout).TotalSeconds:0.#} s (KeepAliveInterval + KeepAliveTimeout); the connection is closed."));
        }
    }

    // The read loop reads: ping the peer once it has been quiet for the interval, and give up on it once it has stayed
    // quiet for the timeout after that. Returns when to look next, in milliseconds (-1: only when the read loop pauses);
    // while a PING waits, no later than an interval on, so that the next PING follows the answer by one interval.
    private long Judge(long now, out bool ping, out bool dead)
    {
        ping = false;
        dead = false;
        if (_intervalMs == long.MaxValue)
            return Timeout.Infinite;
        if (_output.IsWaitingOnTransport)
        {
            // The peer is not taking what this side sends, which StalledWriteTimeout judges, counting what it does
            // take: a silent peer reading a large backlog slowly is alive, though its PONG waits behind the backlog.
            _pingSentAt = 0;
            return _intervalMs;
        }

        long heard = _activity.LastReceived;
        if (_pingSentAt != 0 && heard < _pingSentAt)
        {
            long waited = now - _pingSentAt;
            dead = waited >= _timeoutMs;
            return Math.Min(_timeoutMs - waited, _intervalMs);
        }

        _pingSentAt = 0;
        long quiet = now - heard;
        if (quiet < _intervalMs)
            return _intervalMs - quiet;
        ping = true;
        if (_timeoutMs == long.MaxValue)
            return _intervalMs; // PINGs keep NATs and firewalls from forgetting the connection; nobody is declared dead
        _pingSentAt = now;
        return Math.Min(_timeoutMs, _intervalMs);
    }

    private void SendPing(uint pingId)
    {
        // As for PONG: not behind a backlog, which already proves this side alive as the peer reads it.
        if (!_output.IsBacklogged && _output.TryWrite(FrameType.Ping, pingId, new EmptyBody()))
            _output.Flush();
    }

    private void ArmLocked(long dueMs)
    {
        long due = dueMs == Timeout.Infinite ? Timeout.Infinite : Math.Clamp(dueMs, 1, MaxDueMs);
        if (_timer is not null)
        {
            _timer.Change(due, Timeout.Infinite);
            return;
        }

        // The timer must not carry the execution context of whoever started the connection (an AsyncLocal of a caller).
        using (ExecutionContext.SuppressFlow())
            _timer = new Timer(s_tick, this, due, Timeout.Infinite);
    }

    private void Require(in Frame frame)
    {
        if (!_peerAnswers)
            ThrowHelper.ThrowInvalidData($"The peer sent {frame.Type} without announcing KeepAlive in its hello.");
        if (!frame.Payload.IsEmpty)
            ThrowHelper.ThrowInvalidData($"A {frame.Type} frame must be empty; this one has {frame.Payload.Length} bytes.");
    }

    private static long ToMilliseconds(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan ? long.MaxValue : Math.Max(1, (long)span.TotalMilliseconds);
}
