using System.Collections;

namespace Romp.Transport;

/// <summary>
/// The transports a server or client can use, by scheme. Starts with the built-in <c>tcp</c>, <c>tls</c>, <c>unix</c>
/// and <c>inproc</c>; <see cref="Add"/> brings another scheme, or replaces a built-in one.
/// </summary>
public sealed class RompTransportCollection : IEnumerable<RompTransport>
{
    private readonly Dictionary<string, RompTransport> _byScheme = new(StringComparer.Ordinal);

    /// <summary>Creates a collection with the built-in transports.</summary>
    public RompTransportCollection()
    {
        Add(SocketTransport.Tcp);
        Add(TlsTransport.Instance);
        Add(SocketTransport.Unix);
        Add(InprocTransport.Instance);
    }

    /// <summary>Adds <paramref name="transport"/> for its scheme, replacing any transport that served it before.</summary>
    /// <exception cref="ArgumentException">The scheme is empty, not lower case, or contains <c>:</c> or <c>/</c>.</exception>
    public void Add(RompTransport transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        string scheme = transport.Scheme;
        if (string.IsNullOrEmpty(scheme) || scheme != scheme.ToLowerInvariant() || scheme.AsSpan().IndexOfAny(":/") >= 0)
            throw new ArgumentException($"'{scheme}' is not a valid scheme: use lower case, without ':' or '/'.", nameof(transport));
        _byScheme[scheme] = transport;
    }

    /// <summary>The transport for <paramref name="scheme"/>, or null.</summary>
    public RompTransport? Find(string scheme) => _byScheme.GetValueOrDefault(scheme);

    /// <summary>Parses <paramref name="endpoint"/> and finds its transport, which checks the address.</summary>
    /// <exception cref="ArgumentException">The endpoint is malformed, or no transport serves its scheme.</exception>
    internal (RompEndpoint Endpoint, RompTransport Transport) Resolve(string endpoint)
    {
        RompEndpoint parsed = RompEndpoint.Parse(endpoint);
        RompTransport transport = Find(parsed.Scheme)
            ?? throw RompEndpoint.Invalid(endpoint, $"unknown scheme '{parsed.Scheme}' ({string.Join(", ", _byScheme.Keys)}, or add a transport to Transports)");
        transport.Validate(parsed);
        return (parsed, transport);
    }

    /// <inheritdoc />
    public IEnumerator<RompTransport> GetEnumerator() => _byScheme.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
