namespace Romp;

/// <summary>The nine ROMP message types. The numeric values are the type byte of a frame header on the wire.</summary>
public enum RompMessageType : byte
{
    /// <summary>A call that returns; answered by <see cref="RetVal"/> or <see cref="Exception"/>.</summary>
    Request = 1,

    /// <summary>A call that streams results (ROMP's block); answered by <see cref="Yield"/> frames, then <see cref="RetVal"/> or <see cref="Exception"/>.</summary>
    RequestBlock,

    /// <summary>A call with no answer. One-way calls on a connection run in the order sent.</summary>
    Oneway,

    /// <summary>A one-way call that the receiver acknowledges with <see cref="NullMsg"/> on receipt, before running it.</summary>
    OnewaySync,

    /// <summary>The return value of a call.</summary>
    RetVal,

    /// <summary>The error a call raised.</summary>
    Exception,

    /// <summary>One or more values produced by a streaming call.</summary>
    Yield,

    /// <summary>A barrier: answered with <see cref="NullMsg"/> once every message sent before it has been processed.</summary>
    Sync,

    /// <summary>An empty acknowledgement of <see cref="OnewaySync"/> or <see cref="Sync"/>.</summary>
    NullMsg,
}
