using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Distributed;

/// <summary>
/// Three parties: an owner, a middle that holds a proxy for the owner's object, and a third that gets it from the
/// middle. Calls are forwarded through the middle, and the object goes home as itself.
/// </summary>
[TestFixture(Transports.Tcp)]
[TestFixture(Transports.Inproc)]
[CancelAfter(30_000)]
public sealed class ForwardingTests(string transport) : ServerFixture(transport)
{
    private CounterFactory _ownerFactory = null!;
    private RompServer _middle = null!;
    private RompClient _third = null!;
    private IRelay _relay = null!;

    [SetUp]
    public async Task StartMiddleAsync()
    {
        _ownerFactory = new CounterFactory();
        Server.Bind<ICounterFactory>("factory", _ownerFactory);
        ICounterFactory owner = await Client.ResolveAsync<ICounterFactory>("factory");
        ICounter held = await owner.CreateAsync("owned");

        _middle = new RompServer(Transports.NewEndpoint(Transport));
        _middle.Bind<IRelay>("relay", new Relay(owner, held));
        await _middle.StartAsync();
        _third = await RompClient.ConnectAsync(_middle.Endpoint);
        _relay = await _third.ResolveAsync<IRelay>("relay");
    }

    [TearDown]
    public async Task StopMiddleAsync()
    {
        await _third.DisposeAsync();
        await _middle.DisposeAsync();
    }

    [Test]
    public async Task ProxyHandedOn_CallsReachTheOriginalObject(CancellationToken cancellationToken)
    {
        ICounter counter = await _relay.GetCounterAsync();

        Assert.That(await counter.IncrementAsync(), Is.EqualTo(1));
        Assert.That(await counter.IncrementAsync(), Is.EqualTo(2));
        Assert.That(_ownerFactory.LastCreated!.Value, Is.EqualTo(2));
        Assert.That(counter.Name, Is.EqualTo("owned"));
    }

    [Test]
    public async Task ProxyHandedBackToMiddle_MiddleGetsItsOwnProxy(CancellationToken cancellationToken)
    {
        ICounter counter = await _relay.GetCounterAsync();

        Assert.That(await _relay.IsHeldAsync(counter), Is.True);
    }

    [Test]
    public async Task ProxyHandedOnThenHome_OwnerGetsOriginalObject(CancellationToken cancellationToken)
    {
        ICounter counter = await _relay.GetCounterAsync();

        Assert.That(await _relay.IsOwnAtOwnerAsync(counter), Is.True);
    }

    [Test]
    public async Task ThirdPartyReleases_MiddleDropsItsExport(CancellationToken cancellationToken)
    {
        int baseline = _middle.Connections.Single().Exports.Count;
        ICounter counter = await _relay.GetCounterAsync();
        Assert.That(_middle.Connections.Single().Exports.Count, Is.EqualTo(baseline + 1));

        RompProxy.Release(counter);
        await _third.SyncAsync(cancellationToken);

        Assert.That(_middle.Connections.Single().Exports.Count, Is.EqualTo(baseline));
    }
}
