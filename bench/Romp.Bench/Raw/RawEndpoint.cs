using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Romp.Bench.Raw;

/// <summary>Parses the raw listener's endpoint (tcp://host:port or unix:///path), written like Romp's.</summary>
internal static class RawEndpoint
{
    public static EndPoint Parse(string endpoint)
    {
        if (endpoint.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
            return new UnixDomainSocketEndPoint(endpoint.Substring("unix://".Length));
        if (!endpoint.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{endpoint}' is not a tcp:// or unix:// endpoint.", nameof(endpoint));
        string rest = endpoint.Substring("tcp://".Length);
        int colon = rest.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            throw new ArgumentException($"'{endpoint}' is not tcp://host:port.", nameof(endpoint));
        string host = rest.Substring(0, colon).Trim('[', ']');
        IPAddress address = IPAddress.TryParse(host, out IPAddress? ip) ? ip : Dns.GetHostAddresses(host)[0];
        // Romp listens on a dual-mode socket and reports 127.0.0.1 as [::ffff:127.0.0.1]; the raw floor uses plain IPv4.
        return new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, port);
    }

    public static string Format(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"tcp://[{ip.Address}]:{ip.Port.ToString(CultureInfo.InvariantCulture)}",
        IPEndPoint ip => $"tcp://{ip.Address}:{ip.Port.ToString(CultureInfo.InvariantCulture)}",
        _ => "unix://" + endpoint,
    };

    public static Socket CreateSocket(EndPoint endpoint) => endpoint is UnixDomainSocketEndPoint
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
}
