using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Errors;

/// <summary>
/// EXCEPTION payloads as bytes on a real socket (docs/protocol.md §3.4): a detail goes only to a peer whose hello asks
/// for it, and a detail the caller cannot read fails that one call, never its connection.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class ErrorWireTests
{
    private const byte Request = 1, RetVal = 5, Exception = 6;
    private const ushort FaultDetails = 0x80;

    private static readonly RompObjectContract s_rooms = RompContracts.Find<IRooms>()!;

    [TestCase((ushort)0, false)]
    [TestCase(FaultDetails, true)]
    public async Task Server_SendsTheDetail_OnlyToAPeerThatAsks(ushort flags, bool detailed)
    {
        await using var server = new RompServer(Transports.NewEndpoint(Transports.Tcp));
        server.Bind<IRooms>("rooms", new Rooms());
        await server.StartAsync();
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, CancellationToken.None, flags);
        uint rooms = await peer.ResolveAsync("rooms", s_rooms.ContractName, CancellationToken.None);

        await peer.SendAsync(RawPeer.Frame(Request, 7, RawPeer.Call(rooms, MethodId("ThrowAsync"), Utf8String("ledger"))), CancellationToken.None);
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(CancellationToken.None);

        Assert.That((type, callId), Is.EqualTo((Exception, 7u)));
        int fields = FieldsLength(payload);
        Assert.That(payload.Length > fields, Is.EqualTo(detailed));
        if (detailed)
            Assert.That(payload[fields], Is.Zero, "kind remote: a LedgerException is neither declared nor on the list");
    }

    [TestCase("a declared fault's name longer than its body")]
    [TestCase("a body longer than the payload")]
    [TestCase("bytes after the chain")]
    [TestCase("a declared fault whose members do not decode")]
    public async Task MalformedDetail_FailsThatCallOnly(string what)
    {
        byte[] detail = Malformed(what);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<RompClient> connecting = RompClient.ConnectAsync($"tcp://127.0.0.1:{port}");
        await using RawPeer server = RawPeer.Wrap(await listener.AcceptSocketAsync());
        await server.ReadExactlyAsync(12, CancellationToken.None);
        await server.SendAsync(RawPeer.Hello(flags: FaultDetails), CancellationToken.None);
        await using RompClient client = await connecting;

        Task<IRooms> resolving = client.ResolveAsync<IRooms>("rooms");
        (_, uint resolveId, _) = await server.ReadFrameAsync(CancellationToken.None);
        // Object id 1, and no gaps in the client's method table (docs/protocol.md §4.2).
        await server.SendAsync(RawPeer.Frame(RetVal, resolveId, [.. BitConverter.GetBytes(1u), 0, 0]), CancellationToken.None);
        IRooms rooms = await resolving;

        Task failing = rooms.JoinAsync("attic", 1);
        (_, uint failingId, _) = await server.ReadFrameAsync(CancellationToken.None);
        await server.SendAsync(RawPeer.Frame(Exception, failingId, [.. Fields(typeof(RoomNotFoundException).FullName!, "no attic"), .. detail]), CancellationToken.None);
        RompException error = Assert.ThrowsAsync<RompException>(() => failing)!;

        Task succeeding = rooms.JoinAsync("lobby", 1);
        (_, uint succeedingId, _) = await server.ReadFrameAsync(CancellationToken.None);
        await server.SendAsync(RawPeer.Frame(RetVal, succeedingId, []), CancellationToken.None);
        await succeeding;

        Assert.That(error.Error, Is.EqualTo(RompError.InvalidMessage), what);
        Assert.That(error.Message, Does.Contain("no attic").And.Contain("could not be read"), what);
        Assert.That(client.State, Is.EqualTo(RompConnectionState.Connected), what);
    }

    // Detail after the four fields: kind, body length, body, inner count (uint16), entries, left out (uint32).
    private static byte[] Malformed(string what)
    {
        byte[] emptyChain = [0, 0, 0, 0, 0, 0];
        byte[] name = Utf8String(typeof(RoomNotFoundException).FullName!);
        return what switch
        {
            "a declared fault's name longer than its body" => [2, 8, 0, 0, 0, 64, 0, 0, 0, 65, 65, 65, 65, .. emptyChain],
            "a body longer than the payload" => [0, 0, 1, 0, 0, .. emptyChain],
            "bytes after the chain" => [0, 0, 0, 0, 0, .. emptyChain, 99],
            // The fault's record claims 5 bytes and has 2.
            "a declared fault whose members do not decode" => [2, .. BitConverter.GetBytes(name.Length + 6), .. name, 5, 0, 0, 0, 1, 0, .. emptyChain],
            _ => throw new ArgumentOutOfRangeException(nameof(what), what, null),
        };
    }

    private static ushort MethodId(string name) => RawPeer.MethodId<IRooms>(name);

    private static byte[] Utf8String(string text) => [.. BitConverter.GetBytes(Encoding.UTF8.GetByteCount(text)), .. Encoding.UTF8.GetBytes(text)];

    // Error Remote, type, message, no stack trace: the four fields every peer reads.
    private static byte[] Fields(string type, string message) => [0, .. Utf8String(type), .. Utf8String(message), 255, 255, 255, 255];

    private static int FieldsLength(byte[] payload)
    {
        int position = 1;
        for (int field = 0; field < 3; field++)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(position));
            position += 4 + Math.Max(length, 0);
        }

        return position;
    }
}
