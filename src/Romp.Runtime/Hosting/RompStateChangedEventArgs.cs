namespace Romp;

/// <summary>A change of <see cref="RompClient.State"/>, and what caused it.</summary>
public sealed class RompStateChangedEventArgs : EventArgs
{
    internal RompStateChangedEventArgs(RompConnectionState previousState, RompConnectionState state, RompException? reason)
    {
        PreviousState = previousState;
        State = state;
        Reason = reason;
    }

    /// <summary>The state the client left.</summary>
    public RompConnectionState PreviousState { get; }

    /// <summary>The state the client is in now.</summary>
    public RompConnectionState State { get; }

    /// <summary>
    /// What caused the change: the loss of the connection for <see cref="RompConnectionState.Reconnecting"/>, the last
    /// failure for a <see cref="RompConnectionState.Closed"/> after a lost connection or a policy that gave up; null when
    /// nothing went wrong (connected, or disposed).
    /// </summary>
    public RompException? Reason { get; }

    /// <summary>For example <c>Connected -> Reconnecting (ConnectionBroken): The peer closed the connection without saying goodbye.</c></summary>
    public override string ToString() => Reason is null
        ? $"{PreviousState} -> {State}"
        : $"{PreviousState} -> {State} ({Reason.Error}): {Reason.Message}";
}
