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

    /// <summary>The sender understands call headers (a deadline): a call may carry one only to a peer that sets this.</summary>
    CallHeaders = 8,

    Known = AuthenticationRequired | Refused | CallHeaders,
}
