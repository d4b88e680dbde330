namespace Romp.Tests.Support;

/// <summary>How <see cref="ProxiedConnection.Cut"/> ends a proxied connection on both sides at once.</summary>
public enum ProxyCut
{
    /// <summary>A reset (linger 0), as when a host or a middlebox drops the connection: unsent data is lost.</summary>
    Reset,

    /// <summary>A FIN to each side and nothing more from the proxy: both peers read end of stream, without a GOODBYE.</summary>
    Fin,
}
