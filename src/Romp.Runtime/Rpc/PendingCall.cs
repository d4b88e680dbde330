using Romp.Internal;

namespace Romp.Rpc;

/// <summary>
/// A call this side sent and is waiting on, keyed by call id in the connection's call table. The read loop routes each
/// answering frame here; whoever removes the entry from the table (answer, cancellation or close) completes it.
/// </summary>
internal abstract class PendingCall
{
    public uint CallId { get; set; }

    /// <summary>The object called, so that an answer naming no method by name can be worded here (set when sent).</summary>
    public uint ObjectId { get; set; }

    /// <summary>The method called (set when sent).</summary>
    public ushort MethodId { get; set; }

    /// <summary>RETVAL: the payload is valid only during this call.</summary>
    public virtual void OnReturn(ref RompReader payload) =>
        ThrowHelper.ThrowInvalidData($"Call {CallId} does not expect RETVAL.");

    /// <summary>NULL_MSG (acknowledgement of ONEWAY_SYNC or SYNC).</summary>
    public virtual void OnNull() =>
        ThrowHelper.ThrowInvalidData($"Call {CallId} does not expect NULL_MSG.");

    /// <summary>YIELD: values of a stream. Returns false when the call was not a stream.</summary>
    public virtual void OnYield(ref RompReader payload) =>
        ThrowHelper.ThrowInvalidData($"Call {CallId} does not expect YIELD.");

    /// <summary>True when the entry stays in the table after this frame (streams stay until their final frame).</summary>
    public virtual bool IsStream => false;

    /// <summary>Links the caller's cancellation token, just before the call is written.</summary>
    public virtual void AttachCancellation(RompConnection connection, CancellationToken cancellationToken)
    {
    }

    /// <summary>Starts the call's deadline, just before the call is written; a call that cannot time out ignores it.</summary>
    public virtual void AttachDeadline(RompConnection connection, Deadline deadline, uint objectId, ushort methodId)
    {
    }

    /// <summary>The deadline passed first (on a timer thread): give up on the call with <paramref name="timeout"/>.</summary>
    public virtual void OnDeadline(RompException timeout)
    {
    }

    /// <summary>Hands back a call that was never sent (the write failed).</summary>
    public virtual void Abandon()
    {
    }

    /// <summary>EXCEPTION, read by the read loop: like <see cref="OnFailure"/>, but delivered through <see cref="DeferredCompletion"/> when there is one.</summary>
    public virtual void OnError(Exception error) => OnFailure(error);

    /// <summary>Cancellation or connection loss, from any thread: completes the call.</summary>
    public abstract void OnFailure(Exception error);

    /// <summary>
    /// For a call whose answer the read loop only stores: the work that delivers it, which the read loop's channel runs
    /// off the loop. Null when the call delivers its answers itself.
    /// </summary>
    public virtual IThreadPoolWorkItem? DeferredCompletion => null;
}
