using System.Threading.Tasks.Sources;
using Romp.Internal;

namespace Romp.Rpc;

/// <summary>
/// A pooled awaitable for one call's answer. The <see cref="ValueTask"/> it hands out is awaited exactly once; the
/// object goes back to its pool in <see cref="GetResult(short)"/>.
/// </summary>
/// <remarks>
/// An answer is stored first and delivered by <see cref="IThreadPoolWorkItem.Execute"/>, which runs the caller's
/// continuation on the executing thread. The read loop never executes it itself: it hands it to its channel, which runs
/// it once the loop has moved on to its next read, or queues it to the pool (<see cref="DeferredCompletion"/>).
/// </remarks>
internal sealed class PendingReply<T> : PendingCall, IValueTaskSource<T>, IValueTaskSource, IPooled, IThreadPoolWorkItem
{
    private static readonly BoundedPool<PendingReply<T>> s_pool = new(256);

    private static readonly Action<object?, CancellationToken> s_onCancel = static (state, token) => ((PendingReply<T>)state!).Cancel(token);

    private ManualResetValueTaskSourceCore<T> _core; // stateful struct: a readonly field would silently copy it
    private IRompFormatter<T> _formatter = null!;
    private RompConnection? _connection;
    private CancellationTokenRegistration _cancellation;
    private DeadlineTimer? _deadline; // this use's, when it has a deadline
    private bool _expectsNull;
    private bool _poolable;
    private bool _attached;    // this use registered a cancellation callback
    private bool _callbackRan; // ...or a deadline timer, which ran or may still be running: the object must not be reused
    private T _value = default!;  // the answer, stored until Execute delivers it
    private Exception? _error;

    // Continuations run where Execute runs, which is never the read loop: see the remarks.
    private PendingReply() => _core.RunContinuationsAsynchronously = false;

    public static PendingReply<T> Rent(IRompFormatter<T> formatter, bool expectsNull = false)
    {
        if (!s_pool.TryRent(out PendingReply<T>? reply))
            reply = new PendingReply<T>();
        reply._formatter = formatter;
        reply._expectsNull = expectsNull;
        reply._poolable = true;
        return reply;
    }

    public ValueTask<T> AsValueTask() => new(this, _core.Version);

    public ValueTask AsVoidValueTask() => new(this, _core.Version);

    /// <summary>Links the caller's token: cancelling it sends CANCEL and fails the call with <see cref="OperationCanceledException"/>.</summary>
    public override void AttachCancellation(RompConnection connection, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
            return;
        _connection = connection;
        _attached = true;
        _cancellation = cancellationToken.UnsafeRegister(s_onCancel, this);
    }

    /// <summary>Starts the deadline: when it passes first, CANCEL is sent and the call fails with <see cref="RompError.Timeout"/>.</summary>
    public override void AttachDeadline(RompConnection connection, Deadline deadline, uint objectId, ushort methodId)
    {
        _connection = connection;
        _deadline = DeadlineTimer.Start(this, connection, deadline, objectId, methodId);
    }

    public override void OnDeadline(RompException timeout) => GiveUp(timeout);

    public override void OnReturn(ref RompReader payload)
    {
        if (_expectsNull)
        {
            base.OnReturn(ref payload);
            return;
        }

        T value;
        try
        {
            value = _formatter.Read(ref payload);
            payload.EnsureEnd();
        }
        catch (Exception error) when (UnreadableAnswer.FailsOnlyTheCall(error))
        {
            // The frame delimits the payload: this call fails, and the connection reads on (docs/protocol.md §3.11).
            OnError(UnreadableAnswer.For(error, payload.Connection, this, "The result"));
            return;
        }

        Complete();
        _value = value;
    }

    public override void OnNull()
    {
        if (!_expectsNull)
        {
            base.OnNull();
            return;
        }

        Complete();
    }

    /// <summary>The answer the read loop stored, to be delivered by running this off the read loop.</summary>
    public override IThreadPoolWorkItem? DeferredCompletion => this;

    public override void OnError(Exception error)
    {
        Complete();
        _error = error;
    }

    public override void OnFailure(Exception error)
    {
        Complete();
        _error = error;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (_error is { } error)
        {
            _error = null;
            _core.SetException(error);
        }
        else
        {
            T value = _value;
            _value = default!;
            _core.SetResult(value);
        }
    }

    /// <summary>Hands back a reply that was never sent (the write failed).</summary>
    public override void Abandon() => Recycle();

    public T GetResult(short token)
    {
        // A second await (a caller's bug) must fail without recycling an object that another call may already use.
        if (token != _core.Version)
            throw new InvalidOperationException("The result of a Romp call was awaited twice; a ValueTask may be awaited only once.");
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Recycle();
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    // Unregister (or disarming) is true only when the callback had not started: then it never will, and the object
    // may be reused.
    private void Complete()
    {
        if (_deadline is { } deadline)
        {
            _deadline = null;
            if (!deadline.TryDisarm())
                _callbackRan = true;
        }

        if (!_attached)
            return;
        _attached = false;
        if (!_cancellation.Unregister())
            _callbackRan = true;
    }

    private void Cancel(CancellationToken token) => GiveUp(new OperationCanceledException(token));

    // The caller's token or the deadline, whichever comes first: the other then finds the call gone from the table.
    private void GiveUp(Exception error)
    {
        RompConnection? connection = _connection;
        // A result may carry references: its late arrival must still be read. An acknowledgement carries nothing.
        bool taken = _expectsNull
            ? connection?.TryTakeCall(CallId, this) == true
            : connection?.TryReplaceCall(CallId, this, new LateAnswer<T>(_formatter, isStream: false)) == true;
        if (taken)
        {
            connection!.SendCancel(CallId);
            OnFailure(error);
        }
    }

    private void Recycle()
    {
        // Still registered when the call was never sent, or was abandoned.
        Complete();
        // A callback that may still run must not find this object serving another call: only a clean one is reused.
        if (_poolable && !_callbackRan)
            s_pool.Return(this);
    }

    void IPooled.Reset()
    {
        _core.Reset();
        _connection = null;
        _cancellation = default;
        _deadline = null;
        _attached = false;
        _callbackRan = false;
        _formatter = null!;
    }
}
