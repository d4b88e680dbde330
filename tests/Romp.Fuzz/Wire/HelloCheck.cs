namespace Romp.Fuzz.Wire;

/// <summary>How a receiver must take a hello (docs/protocol.md §1.1).</summary>
internal enum HelloCheck
{
    Valid,

    /// <summary>Fewer than 12 bytes, all matching so far: the receiver waits.</summary>
    Incomplete,

    /// <summary>InvalidPartner, as soon as the first wrong byte arrives.</summary>
    WrongMagic,

    /// <summary>InvalidPartner.</summary>
    WrongVersion,

    /// <summary>InvalidMessage: a max frame below 1024.</summary>
    FrameTooSmall,
}
