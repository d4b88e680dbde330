namespace Romp.Fuzz;

/// <summary>Which levels a run fuzzes.</summary>
[Flags]
public enum FuzzLevel
{
    /// <summary>The frame reader, the handshake and the argument decoders, as pure functions over mutated bytes.</summary>
    Pure = 1,

    /// <summary>A live server over raw loopback sockets, with a canary client.</summary>
    Live = 2,

    /// <summary>Both.</summary>
    All = Pure | Live,
}
