namespace Romp.Protocol;

/// <summary>
/// The type byte of a frame header: ROMP's nine message types, numbered as ROMP numbers them, plus the control frames
/// Romp adds. docs/protocol.md describes each.
/// </summary>
internal enum FrameType : byte
{
    /// <summary>A call that returns; answered by <see cref="RetVal"/> or <see cref="Exception"/>.</summary>
    Request = 1,

    /// <summary>A call that streams results (ROMP's block): <see cref="Yield"/> frames, then <see cref="RetVal"/> or <see cref="Exception"/>.</summary>
    RequestBlock = 2,

    /// <summary>A call with no answer; one-way calls on a connection run in the order sent.</summary>
    Oneway = 3,

    /// <summary>A one-way call the receiver acknowledges with <see cref="NullMsg"/> on receipt, before running it.</summary>
    OnewaySync = 4,

    /// <summary>The return value of a call.</summary>
    RetVal = 5,

    /// <summary>The error a call raised.</summary>
    Exception = 6,

    /// <summary>Values produced by a streaming call.</summary>
    Yield = 7,

    /// <summary>A barrier, answered with <see cref="NullMsg"/> once everything sent before it has been processed.</summary>
    Sync = 8,

    /// <summary>The empty acknowledgement of <see cref="OnewaySync"/> or <see cref="Sync"/>.</summary>
    NullMsg = 9,

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

    /// <summary>Are you there? Answered with <see cref="Pong"/> echoing its call id; sent only to a peer whose hello announced <see cref="HelloFlags.KeepAlive"/>.</summary>
    Ping = 15,

    /// <summary>The answer to a <see cref="Ping"/>, with the PING's call id; one nobody asked for is ignored.</summary>
    Pong = 16,

    /// <summary>
    /// The sender is going away: it finishes the calls it has, refuses new ones, then says GOODBYE. The receiver sends it
    /// no new calls; a reconnecting client connects again elsewhere or later. Sent only to a peer whose hello announced
    /// <see cref="HelloFlags.Drain"/>.
    /// </summary>
    Drain = 17,

    /// <summary>
    /// Bytes of a byte stream (a <c>Stream</c> argument or result), from its writer, never more than the reader granted
    /// with <see cref="BytesCredit"/>; the call id is the stream's id in the writer's space. Sent only to a peer whose
    /// hello announced <see cref="HelloFlags.ByteStreams"/>, like the three below.
    /// </summary>
    Bytes = 18,

    /// <summary>The writer's last frame of a byte stream: empty at its end, an error (as EXCEPTION's) when it failed.</summary>
    BytesEnd = 19,

    /// <summary>The reader of a byte stream lets its writer send that many more bytes.</summary>
    BytesCredit = 20,

    /// <summary>The reader of a byte stream wants no more of it: the writer stops, and sends nothing more for it.</summary>
    BytesStop = 21,
}
