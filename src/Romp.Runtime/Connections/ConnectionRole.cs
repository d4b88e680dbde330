namespace Romp.Connections;

/// <summary>How a connection came to be; the protocol is symmetric, so this only changes what errors say.</summary>
internal enum ConnectionRole
{
    /// <summary>Opened by <see cref="RompClient"/>.</summary>
    Client,

    /// <summary>Accepted by <see cref="RompServer"/>.</summary>
    Server,

    /// <summary>Made with <see cref="RompConnection.AttachAsync(Stream, RompConnectionOptions?, CancellationToken)"/>.</summary>
    Peer,
}
