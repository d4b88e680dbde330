namespace Romp;

/// <summary>
/// The exception a remote method threw, carried back to the caller. <see cref="RompException.Error"/> is
/// <see cref="RompError.Remote"/>.
/// </summary>
public sealed class RemoteException : RompException
{
    /// <summary>Creates the caller-side image of a remote exception.</summary>
    public RemoteException(string remoteType, string message, string? remoteStackTrace)
        : base(RompError.Remote, message)
    {
        RemoteType = remoteType;
        RemoteStackTrace = remoteStackTrace;
    }

    /// <summary>The full name of the exception type thrown on the remote side, e.g. <c>System.InvalidOperationException</c>.</summary>
    public string RemoteType { get; }

    /// <summary>The remote stack trace, or <see langword="null"/> when the remote side does not send it.</summary>
    public string? RemoteStackTrace { get; }

    /// <inheritdoc />
    public override string ToString() => RemoteStackTrace is null
        ? $"{RemoteType}: {Message} (remote)"
        : $"{RemoteType}: {Message} (remote){Environment.NewLine}{RemoteStackTrace}{Environment.NewLine}--- end of remote stack trace ---{Environment.NewLine}{base.StackTrace}";
}
