using System.Buffers.Binary;
using System.Text;
using Romp.CompilerServices;
using Romp.Rpc;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Distributed;

/// <summary>
/// Object ids are capabilities: with hand-made frames, a peer can reach only what was bound by name or handed to it on
/// its own connection, and bad references or releases are refused without harming anyone else.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class CapabilityTests() : ServerFixture(Transports.Tcp)
{
    private const byte Request = 1, RetVal = 5, Exception = 6, Sync = 8, NullMsg = 9, Goodbye = 12, Release = 14;
    private static readonly ushort CreateAsync = RawPeer.MethodId<ICounterFactory>("CreateAsync"), EchoAsync = RawPeer.MethodId<ICounterFactory>("EchoAsync");
    private static readonly ushort IncrementAsync = RawPeer.MethodId<ICounter>("IncrementAsync");

    private static readonly string FactoryContract = RompContracts.Find<ICounterFactory>()!.ContractName;
    private static readonly ulong CounterContract = RompContracts.Find<ICounter>()!.Id;

    [SetUp]
    public void BindFactory() => Server.Bind<ICounterFactory>("factory", new CounterFactory());

    [Test]
    public async Task AnotherConnectionsObjectId_UnknownObject(CancellationToken cancellationToken)
    {
        ICounterFactory factory = await Client.ResolveAsync<ICounterFactory>("factory");
        for (int i = 0; i < 5; i++)
            await factory.CreateAsync($"theirs{i}");
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(Server.Endpoint, cancellationToken);
        uint factoryId = await peer.ResolveAsync("factory", FactoryContract, cancellationToken);

        // Ids 2..6 exist on the other client's connection; on this one only the factory does.
        for (uint id = factoryId + 1; id <= factoryId + 5; id++)
        {
            await peer.SendAsync(RawPeer.Frame(Request, id, RawPeer.Call(id, CreateAsync, [])), cancellationToken);
            (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
            Assert.That((type, callId, (RompError)payload[0]), Is.EqualTo((Exception, id, RompError.UnknownObject)));
        }
    }

    [Test]
    public async Task HandedOutObject_CallableUntilReleased_ThenUnknown(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(Server.Endpoint, cancellationToken);
        uint factoryId = await peer.ResolveAsync("factory", FactoryContract, cancellationToken);

        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(factoryId, CreateAsync, Utf8String("raw"))), cancellationToken);
        (byte type, _, byte[] reference) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, reference.Length, reference[0]), Is.EqualTo((RetVal, 13, (byte)1)), "tag 1: the server's object");
        uint counterId = BinaryPrimitives.ReadUInt32LittleEndian(reference.AsSpan(1));
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(reference.AsSpan(5)), Is.EqualTo(CounterContract));

        await peer.SendAsync(RawPeer.Frame(Request, 2, RawPeer.Call(counterId, IncrementAsync, [])), cancellationToken);
        (type, _, byte[] value) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, BinaryPrimitives.ReadInt32LittleEndian(value)), Is.EqualTo((RetVal, 1)));

        await peer.SendAsync([.. RawPeer.Frame(Release, 0, ReleaseEntries((counterId, 1))), .. RawPeer.Frame(Sync, 3, [])], cancellationToken);
        (type, _, _) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That(type, Is.EqualTo(NullMsg));

        await peer.SendAsync(RawPeer.Frame(Request, 4, RawPeer.Call(counterId, IncrementAsync, [])), cancellationToken);
        (type, _, byte[] error) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, (RompError)error[0]), Is.EqualTo((Exception, RompError.UnknownObject)));
    }

    [Test]
    public async Task MadeUpIdSentAsReceiversOwnObject_UnknownObject(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(Server.Endpoint, cancellationToken);
        uint factoryId = await peer.ResolveAsync("factory", FactoryContract, cancellationToken);

        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(factoryId, EchoAsync, Reference(2, 4242))), cancellationToken);

        (byte type, _, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, (RompError)payload[0]), Is.EqualTo((Exception, RompError.UnknownObject)));
    }

    [Test]
    public async Task ReferenceWithWrongContract_TypeGuardFailure(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(Server.Endpoint, cancellationToken);
        uint factoryId = await peer.ResolveAsync("factory", FactoryContract, cancellationToken);

        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(factoryId, EchoAsync, Reference(1, 7, contract: 0xBAD))), cancellationToken);

        (byte type, _, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, (RompError)payload[0]), Is.EqualTo((Exception, RompError.TypeGuardFailure)));
    }

    [Test]
    public async Task FacetSentBackAsAnotherFacet_TypeGuardFailure(CancellationToken cancellationToken)
    {
        var vault = new Vault();
        Server.Bind<IVault>("vault", vault);
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(Server.Endpoint, cancellationToken);
        uint vaultId = await peer.ResolveAsync("vault", RompContracts.Find<IVault>()!.ContractName, cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(vaultId, RawPeer.MethodId<IVault>("GetUserAsync"), [])), cancellationToken);
        (byte type, _, byte[] user) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, user[0]), Is.EqualTo((RetVal, (byte)1)));
        uint userId = BinaryPrimitives.ReadUInt32LittleEndian(user.AsSpan(1));

        // The user facet, handed back as the admin facet the caller was never given.
        await peer.SendAsync(RawPeer.Frame(Request, 2, RawPeer.Call(vaultId, RawPeer.MethodId<IVault>("WipeWithAsync"), Reference(2, userId))), cancellationToken);

        (type, _, byte[] error) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, (RompError)error[0]), Is.EqualTo((Exception, RompError.TypeGuardFailure)));
        Assert.That(vault.Account.Wiped, Is.False);
    }

    [Test]
    public async Task OverRelease_ClosesOnlyThatConnection(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(Server.Endpoint, cancellationToken);
        uint factoryId = await peer.ResolveAsync("factory", FactoryContract, cancellationToken);

        await peer.SendAsync(RawPeer.Frame(Release, 0, ReleaseEntries((factoryId, 2))), cancellationToken);

        await AssertGoodbyeAsync(peer, cancellationToken);
        ICounterFactory factory = await Client.ResolveAsync<ICounterFactory>("factory");
        Assert.That(await (await factory.CreateAsync("fine")).IncrementAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task UnknownReferenceTag_FailsThatCall_ConnectionStaysOpen(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(Server.Endpoint, cancellationToken);
        uint factoryId = await peer.ResolveAsync("factory", FactoryContract, cancellationToken);

        // The tag is inside the arguments, which the frame delimits: the call fails, the connection reads on.
        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(factoryId, EchoAsync, [9])), cancellationToken);
        (byte type, uint callId, byte[] error) = await peer.ReadFrameAsync(cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Request, 2, RawPeer.Call(factoryId, EchoAsync, [0])), cancellationToken);
        (byte nextType, uint nextId, byte[] echoed) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId, (RompError)error[0]), Is.EqualTo((Exception, 1u, RompError.InvalidMessage)));
        Assert.That(Encoding.UTF8.GetString(error), Does.Contain("Unknown reference tag 9"));
        Assert.That((nextType, nextId, echoed), Is.EqualTo((RetVal, 2u, new byte[] { 0 })));
    }

    private static async Task AssertGoodbyeAsync(RawPeer peer, CancellationToken cancellationToken)
    {
        (byte type, _, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, (RompError)payload[0]), Is.EqualTo((Goodbye, RompError.InvalidMessage)));
        Assert.That(await peer.ReadToEndAsync(cancellationToken), Is.Empty);
    }

    private static byte[] Utf8String(string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var bytes = new byte[4 + utf8.Length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, utf8.Length);
        utf8.CopyTo(bytes, 4);
        return bytes;
    }

    private static byte[] Reference(byte tag, uint id, ulong? contract = null)
    {
        var bytes = new byte[contract is null ? 5 : 13];
        bytes[0] = tag;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1), id);
        if (contract is { } value)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(5), value);
        return bytes;
    }

    private static byte[] ReleaseEntries(params (uint Id, uint Count)[] entries)
    {
        var bytes = new byte[4 + (8 * entries.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)entries.Length);
        for (int i = 0; i < entries.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 + (8 * i)), entries[i].Id);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 + (8 * i)), entries[i].Count);
        }

        return bytes;
    }
}
