using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Security;

/// <summary>
/// Credentials in the handshake, the principal they yield, and what served code sees of it through
/// <see cref="RompCallContext"/>, over real sockets.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class AuthenticationTests
{
    private RompServer _server = null!;
    private IdentityProbe _probe = null!;
    private int _authenticateCalls;

    [SetUp]
    public async Task StartServerAsync()
    {
        _probe = new IdentityProbe();
        _authenticateCalls = 0;
        _server = await StartAsync(new RompServerOptions { Authenticate = AuthenticateAsync });
    }

    [TearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [Test]
    public async Task ValidToken_CallsSeeThePrincipal_AfterAwaits(CancellationToken cancellationToken)
    {
        await using RompClient client = await ConnectAsync(RompCredentials.Bearer("alice-token"));
        IIdentityProbe probe = await client.ResolveAsync<IIdentityProbe>("probe", cancellationToken);

        Assert.That(await probe.WhoAmIAsync(), Is.EqualTo("alice"));
        Assert.That(client.Connection.Principal.Identity?.IsAuthenticated, Is.False, "the client has not authenticated the server");
    }

    [Test]
    public async Task ValidToken_ContextFlowsIntoStreamsCallbacksAndReferences(CancellationToken cancellationToken)
    {
        await using RompClient client = await ConnectAsync(RompCredentials.Bearer("alice-token"));
        IIdentityProbe probe = await client.ResolveAsync<IIdentityProbe>("probe", cancellationToken);

        var streamed = new List<string>();
        await foreach (string name in probe.WhoAmIStreamAsync(3).WithCancellation(cancellationToken))
            streamed.Add(name);
        string afterCallback = await probe.WhoAmIAfterCallbackAsync(new ProbeCallback(() => client.Connection));
        IIdentityProbe child = await probe.ChildAsync();

        Assert.That(streamed, Is.EqualTo(new[] { "alice", "alice", "alice" }));
        Assert.That(afterCallback, Is.EqualTo("alice"), "and the client's callback had a context of its own connection");
        Assert.That(await child.WhoAmIAsync(), Is.EqualTo("alice"));
        Assert.That(await probe.TokenMatchesAsync(cancellationToken), Is.True);
    }

    [Test]
    public async Task EachConnection_SeesItsOwnPrincipal(CancellationToken cancellationToken)
    {
        await using RompClient alice = await ConnectAsync(RompCredentials.Bearer("alice-token"));
        await using RompClient root = await ConnectAsync(RompCredentials.Bearer("root-token"));
        IIdentityProbe asAlice = await alice.ResolveAsync<IIdentityProbe>("probe", cancellationToken);
        IIdentityProbe asRoot = await root.ResolveAsync<IIdentityProbe>("probe", cancellationToken);

        string[] names = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => (i % 2 == 0 ? asAlice : asRoot).WhoAmIAsync()));

        Assert.That(names, Is.EqualTo(Enumerable.Range(0, 50).Select(i => i % 2 == 0 ? "alice" : "root")));
    }

    [Test]
    public void WrongToken_ConnectFailsWithAccessDenied()
    {
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await ConnectAsync(RompCredentials.Bearer("guess")));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(error.Message, Does.Contain("did not accept the credentials"));
        Assert.That(_server.ConnectionCount, Is.Zero);
    }

    [Test]
    public void NoCredentials_CallbackSeesNone_RefusesWithItsOwnReason()
    {
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await ConnectAsync(credentials: null));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(error.Message, Is.EqualTo("A token is required."));
    }

    [Test]
    public void CallbackThrows_ClientRefusedWithoutTheServersMessage()
    {
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await ConnectAsync(RompCredentials.Bearer("explode")));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(error.Message, Does.Not.Contain("database password"));
    }

    [Test]
    public async Task RawPeerResolvingWithoutCredentials_GetsGoodbyeAndNoAnswer(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectAsync(_server.Endpoint, cancellationToken);
        string contract = RompContracts.Find<IIdentityProbe>()!.ContractName;

        await peer.SendAsync([.. RawPeer.Hello(), .. RawPeer.Frame(1, 7, RawPeer.Call(0, 1, RawPeer.ResolveArguments("probe", contract)))], cancellationToken);
        byte[] answer = await peer.ReadToEndAsync(cancellationToken);

        Assert.That(BitConverter.ToUInt16(answer, 6) & 1, Is.EqualTo(1), "the server's hello asks for authentication");
        List<(byte Type, uint CallId, byte[] Payload)> frames = RawPeer.ParseFrames(answer.AsSpan(12));
        Assert.That(frames.Select(f => f.Type), Is.EqualTo(new byte[] { 12 }), "a GOODBYE, and no RETVAL");
        Assert.That((RompError)frames[0].Payload[0], Is.EqualTo(RompError.AccessDenied));
        Assert.That(_authenticateCalls, Is.Zero);
        Assert.That(_probe.Calls, Is.Zero);
    }

    [Test]
    public async Task SlowAuthenticate_DroppedAfterHandshakeTimeout(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using RompServer server = await StartAsync(new RompServerOptions
        {
            HandshakeTimeout = TimeSpan.FromMilliseconds(300),
            Authenticate = async context =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return null;
            },
        });
        var closed = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosed += (_, e) => closed.TrySetResult(e);

        Assert.ThrowsAsync<RompException>(async () =>
            await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Credentials = RompCredentials.Bearer("alice-token") }, cancellationToken));

        await started.Task.WaitAsync(cancellationToken);
        Assert.That((await closed.Task.WaitAsync(cancellationToken)).Error!.Error, Is.EqualTo(RompError.Timeout));
    }

    [Test]
    public async Task ServerWithoutAuthenticate_NeverReceivesTheCredentials(CancellationToken cancellationToken)
    {
        // A listener that speaks just enough Romp (a hello without flags) and records every byte the client sends.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Task<byte[]> received = Task.Run(async () =>
        {
            await using RawPeer peer = RawPeer.Wrap(await listener.AcceptAsync(cancellationToken));
            await peer.SendAsync(RawPeer.Hello(), cancellationToken);
            return await peer.ReadToEndAsync(cancellationToken);
        }, cancellationToken);

        await using (RompClient client = await RompClient.ConnectAsync($"tcp://127.0.0.1:{port}",
            new RompClientOptions { Credentials = RompCredentials.Bearer("secret-token-1234") }, cancellationToken))
        {
        }

        Assert.That(Encoding.UTF8.GetString(await received), Does.Not.Contain("secret-token-1234"));
    }

    [Test]
    public async Task FlowCallContextOff_CurrentIsNull_PoliciesStillHold(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartAsync(new RompServerOptions { Authenticate = AuthenticateAsync, FlowCallContext = false });
        server.Bind<IIdentityProbe>("admin", new IdentityProbe(), RompPolicy.RequireRole("admin"));
        await using RompClient alice = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Credentials = RompCredentials.Bearer("alice-token") }, cancellationToken);
        await using RompClient root = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Credentials = RompCredentials.Bearer("root-token") }, cancellationToken);

        IIdentityProbe probe = await alice.ResolveAsync<IIdentityProbe>("probe", cancellationToken);
        RompException? refused = Assert.ThrowsAsync<RompException>(async () => await alice.ResolveAsync<IIdentityProbe>("admin", cancellationToken));
        IIdentityProbe admin = await root.ResolveAsync<IIdentityProbe>("admin", cancellationToken);

        Assert.That(await probe.WhoAmIAsync(), Is.EqualTo("(none)"));
        Assert.That(refused!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(await admin.WhoAmIAsync(), Is.EqualTo("(none)"));
    }

    [Test]
    public void Credentials_ToStringHidesTheSecret() =>
        Assert.That(RompCredentials.Bearer("secret-token-1234").ToString(), Does.Not.Contain("secret"));

    private async ValueTask<ClaimsPrincipal?> AuthenticateAsync(RompAuthenticationContext context)
    {
        Interlocked.Increment(ref _authenticateCalls);
        await Task.Yield();
        if (context.Credentials is null)
            throw new RompException(RompError.AccessDenied, "A token is required.");
        Assert.That(context.RemoteEndPoint, Is.InstanceOf<IPEndPoint>());
        Assert.That(context.Credentials.Scheme, Is.EqualTo(RompCredentials.BearerScheme));
        return context.Credentials.Value switch
        {
            "alice-token" => Principal("alice", "user"),
            "root-token" => Principal("root", "admin"),
            "explode" => throw new InvalidOperationException("database password is hunter2"),
            _ => null,
        };
    }

    internal static ClaimsPrincipal Principal(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], authenticationType: "Bearer"));

    private async Task<RompServer> StartAsync(RompServerOptions options)
    {
        var server = new RompServer("tcp://127.0.0.1:0", options);
        server.Bind<IIdentityProbe>("probe", _probe);
        await server.StartAsync();
        return server;
    }

    private Task<RompClient> ConnectAsync(RompCredentials? credentials) =>
        RompClient.ConnectAsync(_server.Endpoint, new RompClientOptions { Credentials = credentials });
}
