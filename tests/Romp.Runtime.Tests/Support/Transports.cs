namespace Romp.Tests.Support;

/// <summary>Endpoints for each transport, unique per call so that tests never share a listener.</summary>
public static class Transports
{
    public const string Tcp = "tcp";
    public const string Unix = "unix";
    public const string Inproc = "inproc";

    public static string NewEndpoint(string transport) => transport switch
    {
        Tcp => "tcp://127.0.0.1:0",
        Unix => $"unix://{Path.Combine(Path.GetTempPath(), $"romp-{Guid.NewGuid():N}.sock")}",
        Inproc => $"inproc://test-{Guid.NewGuid():N}",
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, null),
    };
}
