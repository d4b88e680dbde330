using System.Net;

namespace Romp;

/// <summary>Describes a server connection that has closed, and why.</summary>
public sealed class RompConnectionClosedEventArgs : EventArgs
{
    internal RompConnectionClosedEventArgs(EndPoint? remoteEndPoint, RompException? error)
    {
        RemoteEndPoint = remoteEndPoint;
        Error = error;
    }

    /// <summary>The peer's address, or null for in-process connections.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>
    /// Why it closed: <see cref="RompError.ClosedConnection"/> for an orderly close, <see cref="RompError.InvalidMessage"/>
    /// or <see cref="RompError.InvalidPartner"/> for a peer that broke the protocol, <see cref="RompError.ConnectionBroken"/>
    /// for one that vanished, <see cref="RompError.AccessDenied"/> for one the <see cref="RompServerOptions.Acl"/> or the
    /// <see cref="RompServerOptions.Acceptor"/> refused.
    /// </summary>
    public RompException? Error { get; }

    /// <summary>For example <c>connection from 127.0.0.1:50312 closed (ConnectionBroken): The peer closed the connection without saying goodbye.</c></summary>
    public override string ToString() => Error is null
        ? $"connection from {RemoteEndPoint?.ToString() ?? "this process"} closed"
        : $"connection from {RemoteEndPoint?.ToString() ?? "this process"} closed ({Error.Error}): {Error.Message}";
}
