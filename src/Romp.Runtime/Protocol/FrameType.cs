namespace Romp.Protocol;

/// <summary>
/// The type byte of a frame header: ROMP's nine message types (same values as <see cref="RompMessageType"/>)
/// plus the control frames Romp adds. docs/protocol.md describes each.
/// </summary>
internal enum FrameType : byte
{
    Request = RompMessageType.Request,
    RequestBlock = RompMessageType.RequestBlock,
    Oneway = RompMessageType.Oneway,
    OnewaySync = RompMessageType.OnewaySync,
    RetVal = RompMessageType.RetVal,
    Exception = RompMessageType.Exception,
    Yield = RompMessageType.Yield,
    Sync = RompMessageType.Sync,
    NullMsg = RompMessageType.NullMsg,

    /// <summary>The sender gives up on one of its calls; the receiver cancels the call's token.</summary>
    Cancel = 10,

    /// <summary>The receiver of a stream allows the producer to send more items.</summary>
    Credit = 11,

    /// <summary>The sender is closing the connection and will send nothing more.</summary>
    Goodbye = 12,

    /// <summary>A frame the sender abandoned while writing it; the receiver skips its payload.</summary>
    Discard = 13,

    /// <summary>The sender gives back references to objects the receiver exported: (object id, count) pairs.</summary>
    Release = 14,
}
