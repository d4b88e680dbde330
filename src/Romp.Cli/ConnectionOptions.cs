using System.CommandLine;
using System.Net.Security;

namespace Romp.Cli;

/// <summary>The options every command that connects takes: the call timeout, a bearer token, and TLS checks.</summary>
internal sealed class ConnectionOptions
{
    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds each call may take (and the connect).", DefaultValueFactory = static _ => 10 };

    public Option<string?> Token { get; } = new("--token") { Description = "A bearer token, for a server that checks credentials." };

    public Option<bool> Insecure { get; } = new("--insecure") { Description = "tls:// only: accept any server certificate (for testing)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Timeout);
        command.Options.Add(Token);
        command.Options.Add(Insecure);
    }

    public RompClientOptions Create(ParseResult result)
    {
        double seconds = result.GetValue(Timeout);
        if (!(seconds > 0))
            throw new CliException(ExitCode.Usage, "--timeout must be a positive number of seconds.");
        var options = new RompClientOptions
        {
            DefaultCallTimeout = TimeSpan.FromSeconds(seconds),
            HandshakeTimeout = TimeSpan.FromSeconds(seconds),
            ConnectTimeout = TimeSpan.FromSeconds(seconds),
        };
        if (result.GetValue(Token) is { } token)
            options.Credentials = RompCredentials.Bearer(token);
        if (result.GetValue(Insecure))
            options.Tls = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true };
        return options;
    }
}
