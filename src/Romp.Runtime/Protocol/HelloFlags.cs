namespace Romp.Protocol;

/// <summary>The flags of a hello (docs/protocol.md §2). A receiver ignores bits it does not know.</summary>
[Flags]
internal enum HelloFlags : ushort
{
    None = 0,

    /// <summary>Sent by a server: the peer's first frame must be the resolver's authenticate call, and nothing is served before it succeeds.</summary>
    AuthenticationRequired = 1,

    /// <summary>The sender refuses the connection: a GOODBYE saying why follows the hello, and nothing else.</summary>
    Refused = 2,

    /// <summary>The sender answers PING with PONG. Only a peer that announced it is sent PING, or may send PING or PONG.</summary>
    KeepAlive = 4,

    /// <summary>The sender understands call headers (a deadline): a call may carry one only to a peer that sets this.</summary>
    CallHeaders = 8,

    /// <summary>The sender understands DRAIN: told that its peer is going away, it sends that peer no new calls.</summary>
    Drain = 0x10,

    /// <summary>The sender's resolver answers describe (method 3): the C# side always understands it, and refuses it unless enabled.</summary>
    Describe = 0x20,

    /// <summary>The sender understands byte streams (BYTES, BYTES_END, BYTES_CREDIT, BYTES_STOP): only a peer that sets it is sent one, or may send one.</summary>
    ByteStreams = 0x40,

    /// <summary>
    /// The sender reads the detail of an EXCEPTION payload (declared faults, base library exceptions, inner exceptions):
    /// only a peer that sets it is sent one.
    /// </summary>
    FaultDetails = 0x80,

    Known = AuthenticationRequired | Refused | KeepAlive | CallHeaders | Drain | Describe | ByteStreams | FaultDetails,
}
