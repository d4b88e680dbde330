using System.Buffers.Binary;
using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Connections;

/// <summary>
/// The read loop keeps the last work of a batch to run on its own thread once it reads again. Work it keeps must still
/// run when the loop stops in front of a frame instead: it may be exactly what the loop waits for.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class HandOffTests
{
    private const byte Request = 1;
    private const byte RetVal = 5;
    private static readonly ushort AddMethod = RawPeer.MethodId<ICalculator>("AddAsync");

    [Test]
    public async Task TwoRequestsInOneWrite_LimitOfOne_BothAnswered(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { MaxConcurrentCalls = 1 });
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync(cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken);
        uint calc = await peer.ResolveAsync("calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken);

        // One read: the first call is admitted and kept, the second meets the limit, which only the first can lift.
        byte[] first = RawPeer.Frame(Request, 10, RawPeer.Call(calc, AddMethod, Ints(1, 2)));
        byte[] second = RawPeer.Frame(Request, 11, RawPeer.Call(calc, AddMethod, Ints(3, 4)));
        await peer.SendAsync([.. first, .. second], cancellationToken);

        var sums = new Dictionary<uint, int>();
        for (int i = 0; i < 2; i++)
        {
            (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
            Assert.That(type, Is.EqualTo(RetVal));
            sums[callId] = BinaryPrimitives.ReadInt32LittleEndian(payload);
        }

        Assert.That(sums, Is.EqualTo(new Dictionary<uint, int> { [10] = 3, [11] = 7 }));
    }

    private static byte[] Ints(int a, int b)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, a);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), b);
        return bytes;
    }
}
