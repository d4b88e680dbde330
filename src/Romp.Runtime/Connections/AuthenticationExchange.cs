using System.Buffers;
using System.Buffers.Binary;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;

namespace Romp.Connections;

/// <summary>
/// The credentials step of the handshake (docs/protocol.md §2.2), between the hellos and the read loop. A server that
/// authenticates says so in its hello; the client's first frame is then a call of the resolver's <c>authenticate</c>
/// method, answered by an empty RETVAL (accepted) or a GOODBYE (refused). Nothing else is read before it succeeds, so
/// no name can be resolved by a client that has not.
/// </summary>
internal static class AuthenticationExchange
{
    /// <summary>Method id of the resolver's authenticate(scheme, value).</summary>
    public const ushort AuthenticateMethod = 2;

    /// <summary>The largest credentials frame read: a client that has not authenticated must not make the server buffer much.</summary>
    public const int MaxFrameSize = 64 * 1024;

    private const uint CallId = 1;

    /// <summary>Sends the credentials (none is a valid answer: the server may go by the client certificate) and waits for the verdict.</summary>
    /// <exception cref="RompException"><see cref="RompError.AccessDenied"/> with the server's reason when it refuses.</exception>
    public static async Task AuthenticateAsync(FrameChannel channel, RompCredentials? credentials, CancellationToken cancellationToken)
    {
        channel.Output.Write(FrameType.Request, CallId, new CallBody<CredentialsArgs>(RompConnection.ResolverId, AuthenticateMethod, new CredentialsArgs(credentials)));
        channel.Output.Flush();
        (FrameType type, uint callId, byte[] payload) = await channel.ReadHandshakeFrameAsync(MaxFrameSize, cancellationToken).ConfigureAwait(false);
        if (type == FrameType.Goodbye)
            throw ReadGoodbye(payload);
        if (type != FrameType.RetVal || callId != CallId || payload.Length != 0)
            throw new RompException(RompError.InvalidMessage, $"The server answered the credentials with a {type} frame for call {callId}, not an empty RETVAL for call {CallId}.");
    }

    /// <summary>
    /// Reads the client's credentials and asks <paramref name="authenticate"/> about them. On success answers RETVAL and
    /// returns the principal; otherwise says GOODBYE with the reason and throws <see cref="RompError.AccessDenied"/>.
    /// </summary>
    public static async Task<ClaimsPrincipal> AcceptAsync(
        FrameChannel channel, RompConnection connection, Func<RompAuthenticationContext, ValueTask<ClaimsPrincipal?>> authenticate,
        ILogger logger, CancellationToken cancellationToken)
    {
        (FrameType type, uint callId, byte[] payload) = await channel.ReadHandshakeFrameAsync(MaxFrameSize, cancellationToken).ConfigureAwait(false);
        if (type == FrameType.Goodbye)
            throw ReadGoodbye(payload);
        if (type != FrameType.Request || callId == 0 || !IsAuthenticateCall(payload))
            throw Refuse(channel, connection, logger, RompError.AccessDenied, "This server requires authentication: the first frame must be the resolver's authenticate call.");
        if (!TryReadCredentials(payload, out RompCredentials? credentials))
            throw Refuse(channel, connection, logger, RompError.InvalidMessage, "The credentials frame is malformed.");

        ClaimsPrincipal? principal;
        try
        {
            principal = await authenticate(new RompAuthenticationContext(credentials, connection.RemoteEndPoint, connection.RemoteCertificate, cancellationToken)).ConfigureAwait(false);
        }
        catch (RompException refused) when (refused.Error == RompError.AccessDenied)
        {
            throw Refuse(channel, connection, logger, RompError.AccessDenied, refused.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error)
        {
            // The callback's own failure stays on the server: its message may say more than a client should learn.
            Log.AuthenticateFailed(logger, connection, error);
            throw Refuse(channel, connection, logger, RompError.AccessDenied, "The server could not check the credentials.");
        }

        if (principal is null)
            throw Refuse(channel, connection, logger, RompError.AccessDenied, "The server did not accept the credentials.");

        channel.Output.Write(FrameType.RetVal, callId, new EmptyBody());
        channel.Output.Flush();
        return principal;
    }

    private static RompException Refuse(FrameChannel channel, RompConnection connection, ILogger logger, RompError error, string reason)
    {
        Log.AuthenticationRefused(logger, connection, connection.RemoteEndPoint, reason);
        channel.Output.TrySayGoodbye((byte)error, reason);
        return new RompException(error, reason);
    }

    private static bool IsAuthenticateCall(ReadOnlySpan<byte> payload) =>
        payload.Length >= CallHeaderSize
        && BinaryPrimitives.ReadUInt32LittleEndian(payload) == RompConnection.ResolverId
        && BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(4)) == AuthenticateMethod;

    // Object id (u32) and method id (u16) in front of the arguments.
    private const int CallHeaderSize = 6;

    private static bool TryReadCredentials(byte[] payload, out RompCredentials? credentials)
    {
        credentials = null;
        var reader = new RompReader(new ReadOnlySequence<byte>(payload, CallHeaderSize, payload.Length - CallHeaderSize));
        try
        {
            string? scheme = reader.ReadString();
            string? value = reader.ReadString();
            reader.EnsureEnd();
            if (scheme is null)
                return value is null;
            if (scheme.Length == 0 || value is null)
                return false;
            credentials = new RompCredentials(scheme, value);
            return true;
        }
        catch (RompException)
        {
            return false;
        }
    }

    private static RompException ReadGoodbye(byte[] payload)
    {
        var reader = new RompReader(new ReadOnlySequence<byte>(payload));
        return GoodbyeBody.Read(ref reader, "The peer closed the connection during the Romp handshake.");
    }

    /// <summary>authenticate(scheme, value): two strings, both null when the client has no credentials.</summary>
    private readonly struct CredentialsArgs(RompCredentials? credentials) : IRompArgs
    {
        public void Write(ref RompWriter writer)
        {
            writer.WriteString(credentials?.Scheme);
            writer.WriteString(credentials?.Value);
        }
    }
}
