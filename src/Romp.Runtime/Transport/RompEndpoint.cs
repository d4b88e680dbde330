namespace Romp.Transport;

/// <summary>
/// An endpoint string taken apart: <c>scheme://address</c>. The scheme picks the <see cref="RompTransport"/>; what the
/// address means (<c>host:port</c>, a socket path, a name) is that transport's business.
/// </summary>
public sealed class RompEndpoint
{
    private RompEndpoint(string scheme, string address)
    {
        Scheme = scheme;
        Address = address;
    }

    /// <summary>The scheme, in lower case: <c>tcp</c>, <c>tls</c>, <c>unix</c>, <c>inproc</c>, or one a transport registered.</summary>
    public string Scheme { get; }

    /// <summary>Everything after <c>://</c>, as given.</summary>
    public string Address { get; }

    /// <summary>Splits <paramref name="endpoint"/> into scheme and address.</summary>
    /// <exception cref="ArgumentException">The string has no <c>scheme://</c> or nothing after it.</exception>
    public static RompEndpoint Parse(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        int separator = endpoint.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
            throw Invalid(endpoint, "expected scheme://address");
        string address = endpoint.Substring(separator + 3);
        if (address.Length == 0)
            throw Invalid(endpoint, "the address after :// is empty");
        return new RompEndpoint(endpoint.Substring(0, separator).ToLowerInvariant(), address);
    }

    /// <summary>An <see cref="ArgumentException"/> that names the endpoint and says what is wrong with it.</summary>
    public static ArgumentException Invalid(string endpoint, string why) =>
        new($"'{endpoint}' is not a Romp endpoint: {why}.", nameof(endpoint));

    /// <inheritdoc />
    public override string ToString() => $"{Scheme}://{Address}";
}
