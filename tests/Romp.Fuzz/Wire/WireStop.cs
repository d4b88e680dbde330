namespace Romp.Fuzz.Wire;

/// <summary>Why <see cref="WireParser"/> stopped reading frames.</summary>
internal enum WireStop
{
    /// <summary>Every byte belonged to a complete frame.</summary>
    End,

    /// <summary>The stream ends inside a header or a payload: the receiver waits for more.</summary>
    Truncated,

    /// <summary>A header has type 0 or above 14: the receiver must close the connection.</summary>
    UnknownType,

    /// <summary>A header's length is above the receiver's max frame (and it is not a DISCARD): the receiver must close.</summary>
    TooLarge,
}
