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

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "{Connection}: a one-way call failed")]
    public static partial void OnewayFailed(ILogger logger, RompConnection connection, Exception error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Handshake with {RemoteEndPoint} failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, object? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The listener on {Endpoint} failed")]
    public static partial void AcceptFailed(ILogger logger, string endpoint, Exception error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{Connection}: writing failed")]
    public static partial void WriteFailed(ILogger logger, RompConnection connection, Exception error);
}
