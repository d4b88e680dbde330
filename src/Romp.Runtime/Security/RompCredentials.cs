namespace Romp;

/// <summary>
/// What a client proves who it is with (<see cref="RompClientOptions.Credentials"/>): a scheme and a value, such as a
/// bearer token. Sent once, in the Romp handshake, and only to a server that asks for credentials.
/// </summary>
/// <remarks>
/// Without TLS (<c>tls://</c>) the credentials cross the network in the clear, as HTTP's Authorization header does
/// without HTTPS. The value never appears in <see cref="ToString"/> or in logs.
/// </remarks>
public sealed class RompCredentials
{
    /// <summary>Credentials of any scheme the server's <see cref="RompServerOptions.Authenticate"/> understands.</summary>
    /// <param name="scheme">The kind of credentials, such as <c>Bearer</c> or <c>ApiKey</c>.</param>
    /// <param name="value">The secret itself; binary secrets travel as base64 text.</param>
    /// <exception cref="ArgumentException">The scheme is empty.</exception>
    public RompCredentials(string scheme, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentNullException.ThrowIfNull(value);
        Scheme = scheme;
        Value = value;
    }

    /// <summary>The scheme of <see cref="Bearer"/> credentials.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>The kind of credentials, such as <c>Bearer</c>.</summary>
    public string Scheme { get; }

    /// <summary>The secret.</summary>
    public string Value { get; }

    /// <summary>A bearer token, as OAuth and most API gateways issue them.</summary>
    public static RompCredentials Bearer(string token) => new(BearerScheme, token);

    /// <summary>The scheme only: the secret is never printed.</summary>
    public override string ToString() => $"{Scheme} (value hidden)";
}
