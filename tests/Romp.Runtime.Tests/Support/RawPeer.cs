using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Romp.Tests.Support;

/// <summary>A socket that speaks (or deliberately fails to speak) the Romp wire protocol byte by byte.</summary>
public sealed class RawPeer : IAsyncDisposable
{
    private readonly Socket _socket;

    private RawPeer(Socket socket) => _socket = socket;

    public static async Task<RawPeer> ConnectAsync(string endpoint, CancellationToken cancellationToken)
    {
        var uri = new Uri(endpoint);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port), cancellationToken);
        return new RawPeer(socket);
    }

    public static RawPeer Wrap(Socket socket) => new(socket);

    /// <summary>Connects and exchanges hellos, checking the server's.</summary>
    public static async Task<RawPeer> ConnectHandshakenAsync(string endpoint, CancellationToken cancellationToken, ushort flags = 0)
    {
        RawPeer peer = await ConnectAsync(endpoint, cancellationToken);
        await peer.SendAsync(Hello(flags: flags), cancellationToken);
        byte[] hello = await peer.ReadExactlyAsync(12, cancellationToken);
        Assert.That(Encoding.ASCII.GetString(hello, 0, 4), Is.EqualTo("ROMP"));
        return peer;
    }

    /// <summary>
    /// Resolves a bound name with call id 100 and returns the object id the server answered. It sends no method table,
    /// so the answer lists no missing methods: object id, then a gap count of 0.
    /// </summary>
    public async Task<uint> ResolveAsync(string name, string contractName, CancellationToken cancellationToken)
    {
        await SendAsync(Frame(1, 100, Call(0, 1, ResolveArguments(name, contractName))), cancellationToken);
        (byte type, uint callId, byte[] payload) = await ReadFrameAsync(cancellationToken);
        Assert.That((type, callId, payload.Length), Is.EqualTo(((byte)5, 100u, 6)));
        return BinaryPrimitives.ReadUInt32LittleEndian(payload);
    }

    /// <summary>The wire id of <typeparamref name="T"/>'s method <paramref name="name"/> (<c>AddAsync</c>, <c>get_Count</c>): ids are derived from signatures.</summary>
    public static ushort MethodId<T>(string name) where T : class =>
        Romp.CompilerServices.RompContracts.Find<T>()!.Describe().Methods.Single(m => m.Name == name).Id;

    public static byte[] Hello(ushort version = 1, uint maxFrameSize = 16 * 1024 * 1024, ushort flags = 0)
    {
        var hello = new byte[12];
        "ROMP"u8.CopyTo(hello);
        BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(4), version);
        BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(hello.AsSpan(8), maxFrameSize);
        return hello;
    }

    public static byte[] Frame(byte type, uint callId, ReadOnlySpan<byte> payload, uint? claimedLength = null)
    {
        var frame = new byte[9 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, claimedLength ?? (uint)payload.Length);
        frame[4] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), callId);
        payload.CopyTo(frame.AsSpan(9));
        return frame;
    }

    /// <summary>A REQUEST payload: object id, method id, then raw argument bytes.</summary>
    public static byte[] Call(uint objectId, ushort methodId, ReadOnlySpan<byte> arguments)
    {
        var payload = new byte[6 + arguments.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, objectId);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(4), methodId);
        arguments.CopyTo(payload.AsSpan(6));
        return payload;
    }

    /// <summary>The arguments of the resolver's resolve(name, contract name, method table): the table as given, in its order.</summary>
    public static byte[] ResolveArguments(string name, string contractName, params (ushort Id, uint SignatureHash)[] methods)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        byte[] contract = Encoding.UTF8.GetBytes(contractName);
        var args = new byte[4 + utf8.Length + 4 + contract.Length + 2 + 6 * methods.Length];
        BinaryPrimitives.WriteInt32LittleEndian(args, utf8.Length);
        utf8.CopyTo(args, 4);
        BinaryPrimitives.WriteInt32LittleEndian(args.AsSpan(4 + utf8.Length), contract.Length);
        contract.CopyTo(args, 8 + utf8.Length);
        Span<byte> table = args.AsSpan(8 + utf8.Length + contract.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(table, (ushort)methods.Length);
        for (int i = 0; i < methods.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(table[(2 + 6 * i)..], methods[i].Id);
            BinaryPrimitives.WriteUInt32LittleEndian(table[(4 + 6 * i)..], methods[i].SignatureHash);
        }

        return args;
    }

    public Task SendAsync(byte[] bytes, CancellationToken cancellationToken) =>
        _socket.SendAsync(bytes, SocketFlags.None, cancellationToken).AsTask();

    /// <summary>Reads exactly <paramref name="count"/> bytes; throws if the peer closes first.</summary>
    public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n = await _socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
                throw new EndOfStreamException($"The peer closed after {read} of {count} bytes.");
            read += n;
        }

        return buffer;
    }

    /// <summary>Reads one frame: (type, callId, payload).</summary>
    public async Task<(byte Type, uint CallId, byte[] Payload)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        byte[] header = await ReadExactlyAsync(9, cancellationToken);
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
        byte[] payload = length == 0 ? [] : await ReadExactlyAsync(length, cancellationToken);
        return (header[4], BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(5)), payload);
    }

    /// <summary>Reads until the peer closes; returns everything read. Resets count as a close.</summary>
    public async Task<byte[]> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var all = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                return all.ToArray();
            }

            if (n == 0)
                return all.ToArray();
            all.AddRange(buffer.AsSpan(0, n));
        }
    }

    /// <summary>Splits bytes read after the hello into whole frames; a trailing partial frame is a failure.</summary>
    public static List<(byte Type, uint CallId, byte[] Payload)> ParseFrames(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<(byte, uint, byte[])>();
        while (!bytes.IsEmpty)
        {
            Assert.That(bytes.Length, Is.GreaterThanOrEqualTo(9), "a partial frame header at the end");
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            Assert.That(bytes.Length - 9, Is.GreaterThanOrEqualTo(length), "a partial frame payload at the end");
            frames.Add((bytes[4], BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(5)), bytes.Slice(9, length).ToArray()));
            bytes = bytes.Slice(9 + length);
        }

        return frames;
    }

    /// <summary>Vanishes: a reset, as when the process dies.</summary>
    public void Abort()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
