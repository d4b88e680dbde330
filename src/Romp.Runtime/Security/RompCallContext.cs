using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Romp.CompilerServices;
using Romp.Rpc;

namespace Romp;

/// <summary>
/// The call being served, for the code that serves it: who is calling, from where, and the call's cancellation. Read
/// it anywhere below a Romp method through <see cref="Current"/>, as ASP.NET Core code reads its HttpContext; it flows
/// across awaits, into the iterator of a streamed result, and into callbacks this side makes while serving the call.
/// </summary>
/// <remarks>
/// Each received call pays one small object and one execution context for it (about 110 bytes). A server whose code
/// never reads it can turn it off with <see cref="RompConnectionOptions.FlowCallContext"/>; policies work either way.
/// </remarks>
/// <example>
/// <code>
/// public Task&lt;string&gt; WhoAmIAsync() =>
///     Task.FromResult(RompCallContext.Current?.Principal.Identity?.Name ?? "nobody");
/// </code>
/// </example>
public sealed class RompCallContext
{
    private static readonly AsyncLocal<RompCallContext?> s_current = new();

    private readonly IncomingCall? _call; // pooled: read only while it still serves this call (_generation)
    private readonly int _generation;

    private RompCallContext(RompConnection connection, IncomingCall? call)
    {
        Connection = connection;
        _call = call;
        _generation = call?.Generation ?? 0;
    }

    /// <summary>The call this code is serving, or null outside a Romp call.</summary>
    public static RompCallContext? Current => s_current.Value;

    /// <summary>The connection the call came in on.</summary>
    public RompConnection Connection { get; }

    /// <summary>Who is calling: what <see cref="RompServerOptions.Authenticate"/> returned, or an unauthenticated principal.</summary>
    public ClaimsPrincipal Principal => Connection.Principal;

    /// <summary>The caller's address, when the transport has one.</summary>
    public EndPoint? RemoteEndPoint => Connection.RemoteEndPoint;

    /// <summary>The caller's certificate, verified by TLS: the client's under mutual TLS. Null without one.</summary>
    public X509Certificate2? RemoteCertificate => Connection.RemoteCertificate;

    /// <summary>
    /// Fires when the caller cancels the call or the connection closes; the same token a method that takes a
    /// <see cref="System.Threading.CancellationToken"/> receives. Once the call has ended it reads as cancelled.
    /// </summary>
    public CancellationToken CancellationToken =>
        _call is null ? CancellationToken.None
        : _call.Generation == _generation ? _call.CancellationToken
        : new CancellationToken(canceled: true);

    /// <summary>
    /// When the caller stops waiting for this call (UTC, on this machine's clock), or null when it set no deadline. The
    /// call's <see cref="CancellationToken"/> fires then, and the calls made while serving it inherit it
    /// (<see cref="RompDeadline.Remaining"/> says how long is left). The caller sends the time it has left, not a clock
    /// reading, so this is that time counted from when the call arrived.
    /// </summary>
    /// <remarks>Null too once the call has ended.</remarks>
    public DateTime? Deadline =>
        _call is not null && _call.TryGetDeadline(_generation, out Deadline deadline) && !deadline.IsNone
            ? DateTime.UtcNow + deadline.Remaining
            : null;

    /// <summary>Makes <paramref name="call"/> the current call for the rest of the caller's async flow.</summary>
    internal static RompCallContext Enter(RompConnection connection, IncomingCall call)
    {
        var context = new RompCallContext(connection, call);
        s_current.Value = context;
        return context;
    }

    /// <summary>A context for <paramref name="call"/> that is not made current: what a policy decides on when contexts do not flow.</summary>
    internal static RompCallContext For(RompConnection connection, IncomingCall call) => new(connection, call);

    /// <summary>A context for what the connection does itself on the peer's behalf (a resolve), without a pooled call.</summary>
    internal static RompCallContext ForConnection(RompConnection connection) => new(connection, null);
}
