using System.Threading.Tasks.Sources;
using Romp.Internal;
using Romp.Telemetry;

namespace Romp.Rpc;

/// <summary>
/// Receives one stream's YIELD frames. Holds at most the window of items it granted the producer; every half window the
/// consumer takes, it grants that much again (CREDIT). Disposing before the end sends CANCEL, which stops the producer.
/// </summary>
internal sealed class StreamReceiver<T> : PendingCall, IAsyncEnumerator<T>, IValueTaskSource<bool>
{
    private static readonly Action<object?> s_onCancel = static state => ((StreamReceiver<T>)state!).CancelFromToken();

    private readonly RompConnection _connection;
    private readonly IRompFormatter<T> _formatter;
    private readonly uint _window;
    private readonly Queue<T> _buffer = new();
    private readonly CancellationToken _token;
    private readonly CancellationTokenSource? _linked;
    private CancellationTokenRegistration _registration;
    private DeadlineTimer? _deadline; // set before the request is written; covers the whole stream
    private ManualResetValueTaskSourceCore<bool> _waiter; // stateful struct: never readonly
    private bool _waiting;
    private bool _finished;
    private Exception? _error;
    private uint _consumedSinceCredit;
    private uint _creditOwed; // guarded by _buffer: taken items to grant again, sent outside the lock
    private T _current = default!;
    private ClientCall _telemetry; // set before the request is written, when someone listens
    private int _observing;        // 1 until the stream's telemetry has ended: whoever sets it to 0 ends it

    public StreamReceiver(RompConnection connection, IRompFormatter<T> formatter, uint window, CancellationToken callToken, CancellationToken enumeratorToken)
    {
        _connection = connection;
        _formatter = formatter;
        _window = window;
        _waiter.RunContinuationsAsynchronously = true;
        if (callToken.CanBeCanceled && enumeratorToken.CanBeCanceled)
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, enumeratorToken);
            _token = _linked.Token;
        }
        else
        {
            _token = callToken.CanBeCanceled ? callToken : enumeratorToken;
        }
    }

    public override bool IsStream => true;

    /// <summary>The deadline covers the whole stream, as gRPC's does: past it, the stream fails with <see cref="RompError.Timeout"/>.</summary>
    public override void AttachDeadline(RompConnection connection, Deadline deadline, uint objectId, ushort methodId) =>
        _deadline = DeadlineTimer.Start(this, connection, deadline, objectId, methodId);

    public override void OnDeadline(RompException timeout) => GiveUp(timeout);

    public T Current => _current;

    /// <summary>Takes the stream's span and duration, to end them with the stream; before <see cref="Start{TArgs}"/>.</summary>
    public void Observe(in ClientCall call)
    {
        _telemetry = call;
        _observing = 1;
    }

    /// <summary>
    /// Ends the stream's telemetry once, from whichever thread ends the stream (the read loop, for its final frame),
    /// without touching that thread's current span; a listener that throws must not fail the stream or the read loop.
    /// </summary>
    public void EndObservation(Exception? error)
    {
        if (Interlocked.Exchange(ref _observing, 0) == 1)
            _telemetry.EndElsewhere(error);
    }

    public void Start<TArgs>(uint objectId, ushort methodId, in TArgs args, RompObjectContract? contract) where TArgs : struct, IRompArgs
    {
        try
        {
            _token.ThrowIfCancellationRequested();
            _connection.StartStream(this, objectId, methodId, _window, in args, contract);
        }
        catch
        {
            _linked?.Dispose();
            _deadline?.TryDisarm();
            throw;
        }

        if (_token.CanBeCanceled)
            _registration = _token.UnsafeRegister(s_onCancel, this);
    }

    public ValueTask<bool> MoveNextAsync()
    {
        ValueTask<bool> next;
        lock (_buffer)
        {
            if (TryTakeLocked(out bool result))
            {
                next = new ValueTask<bool>(result);
            }
            else
            {
                _waiter.Reset();
                _waiting = true;
                next = new ValueTask<bool>(this, _waiter.Version);
            }
        }

        SendOwedCredit();
        return next;
    }

    public override void OnYield(ref RompReader payload)
    {
        RompException? unreadable = null;
        uint count = payload.ReadUInt32();
        lock (_buffer)
        {
            if (_buffer.Count + (long)count > _window)
                ThrowHelper.ThrowInvalidData($"The stream producer sent more items than the {_window} it was granted.");
            try
            {
                for (uint i = 0; i < count; i++)
                    _buffer.Enqueue(_formatter.Read(ref payload));
                payload.EnsureEnd();
            }
            catch (Exception error) when (UnreadableAnswer.FailsOnlyTheCall(error))
            {
                unreadable = UnreadableAnswer.For(error, payload.Connection, this, "An item");
            }

            WakeLocked();
        }

        // The items before the one that could not be read are delivered, then the stream fails; the producer is
        // cancelled and what it still sends is dropped, while the connection reads on (docs/protocol.md §3.11).
        if (unreadable is not null)
            GiveUp(unreadable);
        else
            SendOwedCredit();
    }

    public override void OnReturn(ref RompReader payload)
    {
        payload.EnsureEnd();
        lock (_buffer)
        {
            _finished = true;
            WakeLocked();
        }

        _deadline?.TryDisarm();
        EndObservation(null);
    }

    public override void OnFailure(Exception error)
    {
        lock (_buffer)
        {
            _finished = true;
            _error ??= error;
            WakeLocked();
        }

        _deadline?.TryDisarm();
        EndObservation(error);
    }

    public async ValueTask DisposeAsync()
    {
        bool stop;
        lock (_buffer)
        {
            stop = !_finished;
            _finished = true;
            _error ??= new ObjectDisposedException(nameof(IAsyncEnumerator<T>));
            _buffer.Clear();
        }

        await _registration.DisposeAsync().ConfigureAwait(false);
        _linked?.Dispose();
        _deadline?.TryDisarm();
        // A consumer that stops early ended the stream by choice: not a failure.
        EndObservation(null);
        if (stop && _connection.TryReplaceCall(CallId, this, new LateAnswer<T>(_formatter, isStream: true)))
            _connection.SendCancel(CallId);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);

    private bool TryTakeLocked(out bool result)
    {
        if (_buffer.TryDequeue(out T? item))
        {
            _current = item;
            if (++_consumedSinceCredit >= Math.Max(1, _window / 2) && !_finished)
            {
                // Sent once the lock is released: a send that fails closes the connection, which fails this stream.
                _creditOwed += _consumedSinceCredit;
                _consumedSinceCredit = 0;
            }

            result = true;
            return true;
        }

        if (_finished)
        {
            if (_error is not null and not ObjectDisposedException)
                throw _error;
            result = false;
            return true;
        }

        result = false;
        return false;
    }

    private void SendOwedCredit()
    {
        uint owed;
        lock (_buffer)
        {
            owed = _creditOwed;
            _creditOwed = 0;
        }

        if (owed > 0)
            _connection.SendCredit(CallId, owed);
    }

    private void WakeLocked()
    {
        if (!_waiting)
            return;
        try
        {
            if (TryTakeLocked(out bool result))
            {
                _waiting = false;
                _waiter.SetResult(result);
            }
        }
        catch (Exception error)
        {
            _waiting = false;
            _waiter.SetException(error);
        }
    }

    private void CancelFromToken() => GiveUp(new OperationCanceledException(_token));

    // The token or the deadline, whichever comes first: the other then finds the stream gone from the table.
    private void GiveUp(Exception error)
    {
        // Items already on their way may hold references: they are still read, then dropped.
        if (_connection.TryReplaceCall(CallId, this, new LateAnswer<T>(_formatter, isStream: true)))
        {
            _connection.SendCancel(CallId);
            OnFailure(error);
        }
    }
}
