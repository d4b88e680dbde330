namespace Romp.Bench;

/// <summary>Which side(s) this process runs.</summary>
internal enum BenchMode
{
    /// <summary>The default: the client here, the server in a child process.</summary>
    Both,

    /// <summary>--server: only the server, controlled through stdin.</summary>
    Server,

    /// <summary>--client: only the client, against a server someone else started.</summary>
    Client,
}
