using Microsoft.Extensions.Logging;
using Romp.Transport;

namespace Romp.Internal;

/// <summary>Romp's log messages, with fixed event ids so that they can be filtered and alerted on.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Connection} accepted from {RemoteEndPoint}")]
    public static partial void ConnectionAccepted(ILogger logger, RompConnection connection, object? remoteEndPoint);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Connection from {RemoteEndPoint} refused by the acceptor")]
    public static partial void ConnectionRefused(ILogger logger, object? remoteEndPoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Connection} closed ({Error}): {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, RompConnection connection, RompError error, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Connection} closed for a protocol violation: {Reason}")]
    public static partial void ProtocolViolation(ILogger logger, RompConnection connection, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Connection}: a one-way call to {Method} failed")]
    public static partial void OnewayFailed(ILogger logger, RompConnection connection, string method, Exception error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Handshake with {RemoteEndPoint} failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, object? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The listener on {Endpoint} failed")]
    public static partial void AcceptFailed(ILogger logger, string endpoint, Exception error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{Connection}: writing failed")]
    public static partial void WriteFailed(ILogger logger, RompConnection connection, Exception error);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "{Connection}: sending {Scheme} credentials without TLS; anyone on the path can read them")]
    public static partial void CredentialsInClear(ILogger logger, RompConnection connection, string scheme);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Connection} from {RemoteEndPoint} refused at authentication: {Reason}")]
    public static partial void AuthenticationRefused(ILogger logger, RompConnection connection, object? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "{Connection}: the Authenticate callback failed; the client was refused")]
    public static partial void AuthenticateFailed(ILogger logger, RompConnection connection, Exception error);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "{Connection}: a call to {Interface} by '{Principal}' was refused by its policy ({Policy})")]
    public static partial void PolicyRefused(ILogger logger, RompConnection connection, string @interface, string principal, string policy);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "{Connection}: the policy of {Interface} failed; the call was refused")]
    public static partial void PolicyFailed(ILogger logger, RompConnection connection, string @interface, Exception error);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Connection from {RemoteEndPoint} refused: {Reason}")]
    public static partial void ConnectionLimited(ILogger logger, object? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "Connection from {RemoteEndPoint} refused by the access control list")]
    public static partial void ConnectionRefusedByAcl(ILogger logger, object? remoteEndPoint);

    [LoggerMessage(EventId = 16, Level = LogLevel.Error, Message = "The acceptor failed for {RemoteEndPoint}; the connection was refused")]
    public static partial void AcceptorFailed(ILogger logger, object? remoteEndPoint, Exception error);
    // 30..: a client's reconnecting.
    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "The connection to {Endpoint} was lost ({Error}): {Reason}; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, string endpoint, RompError error, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Reconnect attempt {Attempt} to {Endpoint} failed ({Error}): {Reason}")]
    public static partial void ReconnectAttemptFailed(ILogger logger, int attempt, string endpoint, RompError error, string reason);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "Reconnected to {Endpoint} after {Attempt} attempts")]
    public static partial void Reconnected(ILogger logger, string endpoint, int attempt);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "Gave up reconnecting to {Endpoint} ({Error}): {Reason}")]
    public static partial void GaveUpReconnecting(ILogger logger, string endpoint, RompError error, string reason);

    [LoggerMessage(EventId = 34, Level = LogLevel.Error, Message = "A {Event} handler of the client of {Endpoint} failed")]
    public static partial void ClientHandlerFailed(ILogger logger, string @event, string endpoint, Exception error);

    // 40..: calls served.
    [LoggerMessage(EventId = 40, Message = "{Connection}: {Method} failed; the caller is answered with the error")]
    public static partial void CallFailed(ILogger logger, LogLevel level, RompConnection connection, string method, Exception error);
}
