using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Romp.Transport;

/// <summary>A parsed endpoint string: <c>tcp://host:port</c>, <c>unix:///path/to.sock</c> or <c>inproc://name</c>.</summary>
internal sealed record RompEndpoint(string Scheme, string Address, int Port)
{
    public const string Tcp = "tcp";
    public const string Unix = "unix";
    public const string Inproc = "inproc";

    public static RompEndpoint Parse(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        int separator = endpoint.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0)
            throw Invalid(endpoint, "expected scheme://address");
        string scheme = endpoint.Substring(0, separator).ToLowerInvariant();
        string rest = endpoint.Substring(separator + 3);
        switch (scheme)
        {
            case Tcp:
                int colon = rest.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
                    throw Invalid(endpoint, "expected tcp://host:port");
                string host = rest.Substring(0, colon);
                if (host.StartsWith('[') && host.EndsWith(']'))
                    host = host.Substring(1, host.Length - 2);
                return new RompEndpoint(Tcp, host, port);
            case Unix:
                if (rest.Length == 0)
                    throw Invalid(endpoint, "expected unix:///path/to.sock");
                return new RompEndpoint(Unix, rest, 0);
            case Inproc:
                if (rest.Length == 0)
                    throw Invalid(endpoint, "expected inproc://name");
                return new RompEndpoint(Inproc, rest, 0);
            default:
                throw Invalid(endpoint, $"unknown scheme '{scheme}' (tcp, unix or inproc)");
        }
    }

    public EndPoint ToSocketEndPoint() => Scheme switch
    {
        Unix => new UnixDomainSocketEndPoint(Address),
        _ => IPAddress.TryParse(Address, out IPAddress? ip) ? new IPEndPoint(ip, Port) : new DnsEndPoint(Address, Port),
    };

    public static string Format(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } mapped => Format(new IPEndPoint(mapped.Address.MapToIPv4(), mapped.Port)),
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"tcp://[{ip.Address}]:{ip.Port.ToString(CultureInfo.InvariantCulture)}",
        IPEndPoint ip => $"tcp://{ip.Address}:{ip.Port.ToString(CultureInfo.InvariantCulture)}",
        UnixDomainSocketEndPoint unix => $"unix://{unix}",
        _ => endPoint.ToString() ?? "?",
    };

    public override string ToString() => Scheme == Tcp
        ? (Address.Contains(':') ? $"tcp://[{Address}]:{Port}" : $"tcp://{Address}:{Port}")
        : $"{Scheme}://{Address}";

    private static ArgumentException Invalid(string endpoint, string why) =>
        new($"'{endpoint}' is not a Romp endpoint: {why}.", nameof(endpoint));
}
