using System.Net;
using System.Net.Sockets;

namespace Romp.Bench.Raw;

/// <summary>
/// The floor Romp is measured against: the same framing over a bare socket, served as cheaply as .NET allows. Each
/// connection gets a thread doing blocking receives into one reused buffer; every frame a receive delivered is handled
/// before the replies go out in one send. A request is echoed back as RETVAL; a one-way frame is only counted; a SYNC
/// is answered (NULL_MSG carrying the one-way count) once every frame before it was read.
/// </summary>
internal sealed class RawServer : IDisposable
{
    private const int MaxFrameSize = 64 * 1024 * 1024;

    private readonly Socket _listener;
    private readonly string? _unixPath;
    private readonly List<Socket> _connections = new();
    private bool _disposed;

    private RawServer(Socket listener, string endpoint, string? unixPath)
    {
        _listener = listener;
        Endpoint = endpoint;
        _unixPath = unixPath;
        var accept = new Thread(AcceptLoop) { IsBackground = true, Name = "raw accept" };
        accept.Start();
    }

    /// <summary>The address it listens on, with the port the system picked for port 0.</summary>
    public string Endpoint { get; }

    public static RawServer Start(string endpoint)
    {
        EndPoint target = RawEndpoint.Parse(endpoint);
        string? unixPath = (target as UnixDomainSocketEndPoint)?.ToString();
        if (unixPath is not null)
            File.Delete(unixPath);
        Socket listener = RawEndpoint.CreateSocket(target);
        try
        {
            listener.Bind(target);
            listener.Listen(64);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new RawServer(listener, RawEndpoint.Format(listener.LocalEndPoint!), unixPath);
    }

    public void Dispose()
    {
        lock (_connections)
        {
            _disposed = true;
            foreach (Socket connection in _connections)
                connection.Dispose();
            _connections.Clear();
        }

        _listener.Dispose();
        if (_unixPath is not null)
            File.Delete(_unixPath);
    }

    private void AcceptLoop()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (socket.ProtocolType == ProtocolType.Tcp)
                socket.NoDelay = true;
            lock (_connections)
            {
                if (_disposed)
                {
                    socket.Dispose();
                    return;
                }

                _connections.Add(socket);
            }

            var serve = new Thread(static s => Serve((Socket)s!)) { IsBackground = true, Name = "raw connection" };
            serve.Start(socket);
        }
    }

    private static void Serve(Socket socket)
    {
        byte[] input = new byte[256 * 1024];
        byte[] output = new byte[64 * 1024];
        int start = 0;
        int end = 0;
        int outLength = 0;
        long oneways = 0;
        try
        {
            while (true)
            {
                int received = socket.Receive(input, end, input.Length - end, SocketFlags.None);
                if (received == 0)
                    return;
                end += received;

                while (end - start >= RawFrame.HeaderSize)
                {
                    RawFrame.ReadHeader(input.AsSpan(start), out int length, out byte type, out uint callId);
                    if (length > MaxFrameSize)
                        throw new InvalidDataException($"Raw frame of {length} bytes.");
                    int frameSize = RawFrame.HeaderSize + length;
                    if (end - start < frameSize)
                    {
                        if (frameSize > input.Length)
                            Array.Resize(ref input, Math.Max(frameSize, input.Length * 2));
                        break;
                    }

                    switch (type)
                    {
                        case RawFrame.Oneway:
                            oneways++;
                            break;
                        case RawFrame.Request:
                            if (output.Length - outLength < frameSize)
                            {
                                SendAll(socket, output, outLength);
                                outLength = 0;
                                if (output.Length < frameSize)
                                    output = new byte[frameSize];
                            }

                            RawFrame.WriteHeader(output.AsSpan(outLength), length, RawFrame.RetVal, callId);
                            Buffer.BlockCopy(input, start + RawFrame.HeaderSize, output, outLength + RawFrame.HeaderSize, length);
                            outLength += frameSize;
                            break;
                        case RawFrame.Sync:
                            if (output.Length - outLength < RawFrame.HeaderSize + sizeof(long))
                            {
                                SendAll(socket, output, outLength);
                                outLength = 0;
                            }

                            RawFrame.WriteHeader(output.AsSpan(outLength), sizeof(long), RawFrame.NullMsg, callId);
                            BitConverter.TryWriteBytes(output.AsSpan(outLength + RawFrame.HeaderSize), oneways);
                            outLength += RawFrame.HeaderSize + sizeof(long);
                            break;
                        default:
                            throw new InvalidDataException($"Unexpected raw frame type {type}.");
                    }

                    start += frameSize;
                }

                if (outLength > 0)
                {
                    SendAll(socket, output, outLength);
                    outLength = 0;
                }

                // At most one partial frame is left: move it to the front so the next receive has the whole buffer.
                if (start > 0)
                {
                    Buffer.BlockCopy(input, start, input, 0, end - start);
                    end -= start;
                    start = 0;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client went away or the server is stopping.
        }
        catch (InvalidDataException e)
        {
            Console.Error.WriteLine($"raw server: {e.Message}; closing the connection.");
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static void SendAll(Socket socket, byte[] buffer, int count)
    {
        int sent = 0;
        while (sent < count)
            sent += socket.Send(buffer, sent, count - sent, SocketFlags.None);
    }
}
