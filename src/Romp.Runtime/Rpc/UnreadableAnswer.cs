using Romp.Internal;

namespace Romp.Rpc;

/// <summary>
/// The error a call fails with when its answer (a result or a stream's items) cannot be decoded. The frame delimits the
/// payload, so the connection reads on; only a <see cref="ProtocolViolationException"/> found inside it still closes the
/// connection (docs/protocol.md §3.11).
/// </summary>
internal static class UnreadableAnswer
{
    /// <summary>Whether <paramref name="error"/>, thrown while an answer was decoded, fails only that call.</summary>
    public static bool FailsOnlyTheCall(Exception error) => error is not ProtocolViolationException;

    /// <summary>The error for the call, naming its method when the connection still knows the object.</summary>
    /// <param name="error">What the formatter threw.</param>
    /// <param name="connection">The connection the answer came on, if any.</param>
    /// <param name="call">The call that is answered.</param>
    /// <param name="what">What could not be read: "The result" or "An item".</param>
    public static RompException For(Exception error, RompConnection? connection, PendingCall call, string what)
    {
        string method = connection?.Imports.FindContract(call.ObjectId)?.GetQualifiedMethodName(call.MethodId)
            ?? $"method {call.MethodId} of object {call.ObjectId}";
        string message = $"{what} of {method} (call {call.CallId}) could not be read: {error.Message}";
        return error is RompException { Error: not RompError.InvalidMessage } romp
            ? new RompException(romp.Error, message, romp)
            : new RompException(RompError.InvalidMessage, message, error);
    }
}
