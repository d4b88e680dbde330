namespace Romp.Fuzz.Mutation;

/// <summary>How a fuzzing connection ends once its bytes are out.</summary>
internal enum Ending
{
    /// <summary>Shut down sending and read until the server closes: the server's whole answer is checked.</summary>
    HalfClose,

    /// <summary>Close the socket at once, unread answers and all.</summary>
    Close,

    /// <summary>Vanish with a reset, as a crashed peer does.</summary>
    Reset,
}
