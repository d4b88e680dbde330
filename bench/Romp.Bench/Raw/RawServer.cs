using System.Net;
using System.Net.Sockets;

namespace Romp.Bench.Raw;

/// <summary>
/// The floor Romp is measured against: the same framing over a bare socket, served as cheaply as .NET allows. Each
/// connection gets a thread doing blocking receives into one reused buffer; every frame a receive delivered is handled
/// before the replies go out in one send. A request is echoed back as RETVAL; a one-way frame is only counted; a SYNC
/// is answered (NULL_MSG carrying the one-way count) once every frame before it was read. A busy-polling server does
/// the same on non-blocking sockets, spinning instead of sleeping in the kernel while its client is active.
/// </summary>
internal sealed class RawServer : IDisposable
{
    private const int MaxFrameSize = 64 * 1024 * 1024;

    // A busy-polling connection spins this long without data before it waits in the kernel: far longer than any gap
    // inside a run, short enough that a client between runs (or gone quiet) does not keep a core busy.
    private static readonly TimeSpan BusyPollIdleSpin = TimeSpan.FromMilliseconds(50);

    // A reply the client does not read for this long means it is gone: the same bound as the blocking client's timeout.
    private static readonly TimeSpan BusyPollSendTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _listener;
    private readonly string? _unixPath;
    private readonly bool _busyPoll;
    private readonly List<Socket> _connections = new();
    private bool _disposed;

    private RawServer(Socket listener, string endpoint, string? unixPath, bool busyPoll)
    {
        _listener = listener;
        Endpoint = endpoint;
        _unixPath = unixPath;
        _busyPoll = busyPoll;
        var accept = new Thread(AcceptLoop) { IsBackground = true, Name = busyPoll ? "raw busy-poll accept" : "raw accept" };
        accept.Start();
    }

    /// <summary>The address it listens on, with the port the system picked for port 0.</summary>
    public string Endpoint { get; }

    /// <summary>Listens on <paramref name="endpoint"/>; with <paramref name="busyPoll"/> every connection busy-polls.</summary>
    public static RawServer Start(string endpoint, bool busyPoll = false)
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

        return new RawServer(listener, RawEndpoint.Format(listener.LocalEndPoint!), unixPath, busyPoll);
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
            if (_busyPoll)
                BusyPollSocket.Enable(socket);
            lock (_connections)
            {
                if (_disposed)
                {
                    socket.Dispose();
                    return;
                }

                _connections.Add(socket);
            }

            var serve = new Thread(Serve) { IsBackground = true, Name = _busyPoll ? "raw busy-poll connection" : "raw connection" };
            serve.Start(socket);
        }
    }

    private void Serve(object? state)
    {
        var socket = (Socket)state!;
        bool busyPoll = _busyPoll;
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
                int received = busyPoll
                    ? BusyPollSocket.Receive(socket, input.AsSpan(end), BusyPollIdleSpin, waitWhenIdle: true)
                    : socket.Receive(input, end, input.Length - end, SocketFlags.None);
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
                                SendAll(socket, output, outLength, busyPoll);
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
                                SendAll(socket, output, outLength, busyPoll);
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
                    SendAll(socket, output, outLength, busyPoll);
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
        catch (Exception e) when (e is SocketException or ObjectDisposedException or TimeoutException)
        {
            // The client went away (or, busy-polling, stopped reading) or the server is stopping.
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

    private static void SendAll(Socket socket, byte[] buffer, int count, bool busyPoll)
    {
        if (busyPoll)
        {
            BusyPollSocket.SendAll(socket, buffer.AsSpan(0, count), BusyPollSendTimeout);
            return;
        }

        int sent = 0;
        while (sent < count)
            sent += socket.Send(buffer, sent, count - sent, SocketFlags.None);
    }
}
