using Microsoft.Extensions.Logging;
using Romp.Internal;
using Romp.Transport;

namespace Romp.Hosting;

/// <summary>What <see cref="ConnectionAdmission.Admit"/> decided about an accepted connection.</summary>
internal enum AdmissionVerdict
{
    /// <summary>Go on with the handshake; the connection holds a slot until <see cref="ConnectionAdmission.Leave"/>.</summary>
    Admitted,

    /// <summary>Close it at once, without a byte (the ACL, the acceptor, or a flood of refusals).</summary>
    Closed,

    /// <summary>Over MaxConnections: tell the peer why in a GOODBYE, then <see cref="ConnectionAdmission.EndRefusal"/>.</summary>
    TellWhy,
}

/// <summary>
/// Which accepted connections a server takes, in order: its ACL, its acceptor, then <see cref="RompServerOptions.MaxConnections"/>.
/// Owns the count of connections admitted and not yet ended, handshakes included, and the count of refusals still
/// saying why, which is bounded so that a flood costs no more than closing it.
/// </summary>
internal sealed class ConnectionAdmission
{
    /// <summary>The most connections told at once that the server is full; a flood beyond them is closed without a word.</summary>
    public const int MaxRefusalsInFlight = 64;

    private readonly RompAcl? _acl;
    private readonly Func<System.Net.EndPoint?, bool>? _acceptor;
    private readonly int _maxConnections;
    private readonly ILogger _logger;
    private int _admitted; // Interlocked: admitted and not yet left
    private int _refusing; // Interlocked: TellWhy verdicts not yet ended

    public ConnectionAdmission(RompServerOptions options, ILogger logger)
    {
        _acl = options.Acl;
        _acceptor = options.Acceptor;
        _maxConnections = options.MaxConnections;
        _logger = logger;
    }

    /// <summary>
    /// Decides about <paramref name="transport"/> before a byte is read from it or written to it, and gives the reason
    /// when it is not admitted. Called only by the accept loop.
    /// </summary>
    public AdmissionVerdict Admit(RompTransportConnection transport, out RompException? refusal)
    {
        refusal = null;
        System.Net.EndPoint? remote = transport.RemoteEndPoint;
        if (_acl is not null && !_acl.Allows(remote))
        {
            Log.ConnectionRefusedByAcl(_logger, remote);
            refusal = new RompException(RompError.AccessDenied, "The access control list refused the connection.");
            return AdmissionVerdict.Closed;
        }

        if (_acceptor is not null && !Accepts(_acceptor, remote))
        {
            Log.ConnectionRefused(_logger, remote);
            refusal = new RompException(RompError.AccessDenied, "The acceptor refused the connection.");
            return AdmissionVerdict.Closed;
        }

        if (Interlocked.Increment(ref _admitted) <= _maxConnections)
            return AdmissionVerdict.Admitted;

        Interlocked.Decrement(ref _admitted);
        refusal = new RompException(RompError.AccessDenied,
            $"The server has reached its limit of {_maxConnections} connections (MaxConnections); try again later.");
        Log.ConnectionLimited(_logger, remote, refusal.Message);
        if (Interlocked.Increment(ref _refusing) <= MaxRefusalsInFlight)
            return AdmissionVerdict.TellWhy;
        Interlocked.Decrement(ref _refusing);
        return AdmissionVerdict.Closed;
    }

    /// <summary>An admitted connection has ended (its handshake failed, or it closed): its slot is free.</summary>
    public void Leave() => Interlocked.Decrement(ref _admitted);

    /// <summary>A <see cref="AdmissionVerdict.TellWhy"/> refusal has been said (or given up on).</summary>
    public void EndRefusal() => Interlocked.Decrement(ref _refusing);

    private bool Accepts(Func<System.Net.EndPoint?, bool> acceptor, System.Net.EndPoint? remote)
    {
        try
        {
            return acceptor(remote);
        }
        catch (Exception error)
        {
            Log.AcceptorFailed(_logger, remote, error);
            return false;
        }
    }
}
