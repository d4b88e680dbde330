using Romp.Description;

namespace Romp.Cli;

/// <summary>One connection to the server a command talks to, and the failures of talking to it as the tool reports them.</summary>
internal static class Session
{
    public static async Task<RompClient> ConnectAsync(string endpoint, RompClientOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await RompClient.ConnectAsync(endpoint, options, cancellationToken);
        }
        catch (RompException error)
        {
            throw error.Error is RompError.AccessDenied
                ? new CliException(ExitCode.Refused, $"{endpoint} refused the connection: {error.Message}")
                : new CliException(ExitCode.Unreachable, $"could not connect to {endpoint}: {WithoutEndpoint(error.Message, endpoint)}");
        }
        catch (Exception error) when (error is ArgumentException or FormatException or UriFormatException)
        {
            throw new CliException(ExitCode.Usage, $"'{endpoint}' is not an endpoint (tcp://host:port, tls://host:port, unix:///path): {error.Message}");
        }
    }

    // The transport's message often names the endpoint already: "Could not connect to tcp://...: Connection refused".
    private static string WithoutEndpoint(string message, string endpoint)
    {
        string prefix = $"Could not connect to {endpoint}: ";
        return message.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? message[prefix.Length..] : message;
    }

    public static async Task<RompServiceDescription> DescribeAsync(RompClient client, string? name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.DescribeAsync(name, cancellationToken);
        }
        catch (RompException error) when (error.Error == RompError.AccessDenied)
        {
            throw new CliException(ExitCode.Refused, $"{client.Endpoint} does not describe itself to this client: {error.Message}");
        }
        catch (RompException error) when (error.Error == RompError.UnknownObject)
        {
            throw new CliException(ExitCode.NotFound, $"{client.Endpoint} has no object named '{name}' (or this client may not use it); 'romp ls {client.Endpoint}' lists them.");
        }
        catch (RompException error)
        {
            throw Failed(client, error);
        }
    }

    /// <summary>
    /// The failure of a call, by what failed: the connection, the server's refusal, or the call. An exception that is
    /// not a RompException is one the method threw that came back as itself (ArgumentException, ...).
    /// </summary>
    public static CliException Failed(RompClient client, Exception error) => error switch
    {
        RemoteException remote => new CliException(ExitCode.CallFailed, $"the call threw {remote.RemoteType}: {remote.Message}"),
        RompException { Error: RompError.AccessDenied } refused => new CliException(ExitCode.Refused, "refused: " + refused.Message),
        RompException { Error: RompError.ConnectionBroken or RompError.ClosedConnection or RompError.ListenerKilled or RompError.AccessFailed } lost =>
            new CliException(ExitCode.Unreachable, $"lost the connection to {client.Endpoint}: {lost.Message}"),
        RompException romp => new CliException(ExitCode.CallFailed, $"the call failed ({romp.Error}): {romp.Message}"),
        _ => new CliException(ExitCode.CallFailed, $"the call threw {error.GetType().FullName}: {error.Message}"),
    };
}
