namespace Romp.Internal;

/// <summary>
/// A violation found while a payload is decoded that the connection, not just the call, cannot survive: the peer's
/// reference tables disagree with this side's. Every other failure to decode a call's arguments or answer fails that one
/// call (docs/protocol.md §3.11); this one still closes the connection.
/// </summary>
internal sealed class ProtocolViolationException(string message, Exception? innerException = null)
    : RompException(RompError.InvalidMessage, message, innerException)
{
}
