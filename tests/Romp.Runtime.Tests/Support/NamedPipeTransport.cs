using System.IO.Pipes;
using Romp.Transport;

namespace Romp.Tests.Support;

/// <summary>
/// A transport of the tests' own, <c>pipe://name</c> over .NET named pipes (Unix-domain sockets on Linux), built the
/// way a user would build one: a stream per connection, handed over with <see cref="RompTransportConnection.FromStream"/>.
/// It counts what it did, so that tests can tell it was really used.
/// </summary>
public sealed class NamedPipeTransport : RompTransport
{
    public const string PipeScheme = "pipe";

    private const int ConnectTimeoutMilliseconds = 2_000;

    private int _connected;
    private int _accepted;

    public override string Scheme => PipeScheme;

    /// <summary>Connections this transport made as a client.</summary>
    public int Connected => Volatile.Read(ref _connected);

    /// <summary>Connections this transport accepted as a server.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>A fresh endpoint, unique per call.</summary>
    public static string NewEndpoint() => $"{PipeScheme}://romp-{Guid.NewGuid():N}";

    public override void Validate(RompEndpoint endpoint)
    {
        if (endpoint.Address.AsSpan().IndexOfAny('/', '\\') >= 0)
            throw RompEndpoint.Invalid(endpoint.ToString(), "a pipe name contains no '/' or '\\'");
    }

    public override async ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        var client = new NamedPipeClientStream(".", endpoint.Address, PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await client.ConnectAsync(ConnectTimeoutMilliseconds, cancellationToken);
        }
        catch (TimeoutException error)
        {
            await client.DisposeAsync();
            throw new RompException(RompError.AccessFailed, $"Could not connect to {endpoint}: nothing listens on that pipe.", error);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        Interlocked.Increment(ref _connected);
        return RompTransportConnection.FromStream(client);
    }

    public override ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken) =>
        ValueTask.FromResult<RompTransportListener>(new Listener(this, endpoint.Address));

    private sealed class Listener : RompTransportListener
    {
        private readonly NamedPipeTransport _transport;
        private readonly string _name;
        private readonly CancellationTokenSource _stopped = new();
        private NamedPipeServerStream? _waiting; // the instance the next client connects to; one accept loop uses it

        public Listener(NamedPipeTransport transport, string name)
        {
            _transport = transport;
            _name = name;
            // Made now, so that a client may connect as soon as the server has started.
            _waiting = NewInstance();
        }

        public override string Endpoint => $"{PipeScheme}://{_name}";

        public override async ValueTask<RompTransportConnection?> AcceptAsync(CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopped.Token);
            NamedPipeServerStream server = _waiting ?? NewInstance();
            _waiting = null;
            try
            {
                await server.WaitForConnectionAsync(stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or IOException)
            {
                await server.DisposeAsync();
                return null;
            }

            _waiting = NewInstance();
            Interlocked.Increment(ref _transport._accepted);
            return RompTransportConnection.FromStream(server);
        }

        public override async ValueTask DisposeAsync()
        {
            _stopped.Cancel();
            if (_waiting is { } waiting)
                await waiting.DisposeAsync();
        }

        private NamedPipeServerStream NewInstance() =>
            new(_name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances, PipeTransmissionMode.Byte, PipeOptions.Asynchronous);
    }
}
