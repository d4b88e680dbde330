using Romp.Tests.Contracts;

namespace Romp.Tests.Security;

/// <summary>Objects bound under a <see cref="RompPolicy"/>: refused callers get AccessDenied and never reach the object's code.</summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class PolicyTests
{
    private RompServer _server = null!;
    private IdentityProbe _public = null!;
    private IdentityProbe _admin = null!;
    private volatile bool _gateOpen;

    [SetUp]
    public async Task StartServerAsync()
    {
        _public = new IdentityProbe();
        _admin = new IdentityProbe();
        _gateOpen = true;
        _server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions
        {
            Authenticate = static context => ValueTask.FromResult<System.Security.Claims.ClaimsPrincipal?>(context.Credentials?.Value switch
            {
                "alice-token" => AuthenticationTests.Principal("alice", "user"),
                "root-token" => AuthenticationTests.Principal("root", "admin"),
                _ => null,
            }),
        });
        _server.Bind<IIdentityProbe>("public", _public);
        _server.Bind<IIdentityProbe>("admin", _admin, RompPolicy.RequireRole("admin"));
        _server.Bind<IIdentityProbe>("gated", new IdentityProbe(), RompPolicy.Require(_ => _gateOpen, "the gate is open"));
        await _server.StartAsync();
    }

    [TearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [Test]
    public async Task UserWithoutTheRole_ResolvingAdmin_AccessDenied_PublicStillWorks(CancellationToken cancellationToken)
    {
        await using RompClient alice = await ConnectAsync("alice-token");

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await alice.ResolveAsync<IIdentityProbe>("admin", cancellationToken));
        IIdentityProbe open = await alice.ResolveAsync<IIdentityProbe>("public", cancellationToken);

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(await open.WhoAmIAsync(), Is.EqualTo("alice"));
        Assert.That(alice.IsConnected, Is.True, "a refusal is an answer, not a broken connection");
        Assert.That(_admin.Calls, Is.Zero);
    }

    [Test]
    public async Task UserWithTheRole_UsesAdmin(CancellationToken cancellationToken)
    {
        await using RompClient root = await ConnectAsync("root-token");

        IIdentityProbe admin = await root.ResolveAsync<IIdentityProbe>("admin", cancellationToken);

        Assert.That(await admin.WhoAmIAsync(), Is.EqualTo("root"));
    }

    [Test]
    public async Task PolicyClosesAfterResolve_NextCallRefused_CodeNeverRuns(CancellationToken cancellationToken)
    {
        await using RompClient alice = await ConnectAsync("alice-token");
        IIdentityProbe gated = await alice.ResolveAsync<IIdentityProbe>("gated", cancellationToken);
        Assert.That(await gated.WhoAmIAsync(), Is.EqualTo("alice"));

        _gateOpen = false;
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await gated.WhoAmIAsync());
        var streamError = Assert.CatchAsync<RompException>(async () =>
        {
            await foreach (string _ in gated.WhoAmIStreamAsync(1).WithCancellation(cancellationToken))
            {
            }
        });

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(streamError!.Error, Is.EqualTo(RompError.AccessDenied));
        _gateOpen = true;
        Assert.That(await gated.WhoAmIAsync(), Is.EqualTo("alice"));
    }

    [Test]
    public async Task ProtectedObjectHandedOutByReference_StillRefused(CancellationToken cancellationToken)
    {
        // The same admin object, reached through a public method instead of its name.
        var admin = new IdentityProbe();
        var leaky = new LeakyFactory(admin);
        _server.Bind<IIdentityProbe>("admin2", admin, RompPolicy.RequireRole("admin"));
        _server.Bind<ILeakyFactory>("leaky", leaky);
        await using RompClient alice = await ConnectAsync("alice-token");

        ILeakyFactory factory = await alice.ResolveAsync<ILeakyFactory>("leaky", cancellationToken);
        IIdentityProbe leaked = await factory.LeakAsync();
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await leaked.WhoAmIAsync());

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(admin.Calls, Is.Zero);
    }

    [Test]
    public void SameObjectBoundUnderAnotherPolicy_Refused()
    {
        Assert.Throws<ArgumentException>(() => _server.Bind<IIdentityProbe>("admin-again", _admin, RompPolicy.RequireAuthenticated()));
        Assert.Throws<ArgumentException>(() => RompPolicy.RequireRole());
    }

    [Test]
    public async Task ThrowingPolicy_RefusesTheCall(CancellationToken cancellationToken)
    {
        var probe = new IdentityProbe();
        _server.Bind<IIdentityProbe>("broken", probe, RompPolicy.Require(static _ => throw new InvalidOperationException("bug"), "a broken policy"));
        await using RompClient root = await ConnectAsync("root-token");

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await root.ResolveAsync<IIdentityProbe>("broken", cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(error.Message, Does.Not.Contain("bug"));
    }

    private Task<RompClient> ConnectAsync(string token) =>
        RompClient.ConnectAsync(_server.Endpoint, new RompClientOptions { Credentials = RompCredentials.Bearer(token) });
}

/// <summary>Hands out an object by reference from a method anyone may call.</summary>
[RompObject]
public interface ILeakyFactory
{
    Task<IIdentityProbe> LeakAsync();
}

public sealed class LeakyFactory(IIdentityProbe leaked) : ILeakyFactory
{
    public Task<IIdentityProbe> LeakAsync() => Task.FromResult(leaked);
}
