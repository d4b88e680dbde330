namespace Romp;

/// <summary>A failure of a remote interaction; <see cref="Error"/> says which kind.</summary>
public class RompException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    public RompException(RompError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>What went wrong.</summary>
    public RompError Error { get; }
}
