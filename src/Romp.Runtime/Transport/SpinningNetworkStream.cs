using System.Diagnostics;
using System.Net.Sockets;

namespace Romp.Transport;

/// <summary>
/// A <see cref="NetworkStream"/> whose reads poll the socket for a bounded time before they park, the first step of an
/// idle strategy in Aeron's manner: bytes that arrive within <c>spin</c> are read on the polling thread at once, with
/// no wake-up of a parked one. Past it the read is the usual asynchronous one.
/// </summary>
/// <remarks>
/// Each poll is one non-blocking receive (the socket is switched to non-blocking once the stream is built, which only
/// synchronous calls notice: the asynchronous reads and writes the connection makes behave the same either way).
/// </remarks>
internal sealed class SpinningNetworkStream : NetworkStream
{
    private readonly long _spinTicks;

    public SpinningNetworkStream(Socket socket, TimeSpan spin)
        : base(socket, ownsSocket: true)
    {
        _spinTicks = (long)(spin.TotalSeconds * Stopwatch.Frequency);
        socket.Blocking = false;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || cancellationToken.IsCancellationRequested)
            return base.ReadAsync(buffer, cancellationToken);
        try
        {
            long deadline = 0;
            while (true)
            {
                int received = Socket.Receive(buffer.Span, SocketFlags.None, out SocketError error);
                if (error == SocketError.Success)
                    return new ValueTask<int>(received); // bytes, or 0 at the end of the stream
                if (error != SocketError.WouldBlock)
                    break; // the asynchronous read reports what became of the socket
                long now = Stopwatch.GetTimestamp();
                if (deadline == 0)
                    deadline = now + _spinTicks;
                else if (now >= deadline)
                    break;
            }
        }
        catch (ObjectDisposedException)
        {
        }

        return base.ReadAsync(buffer, cancellationToken);
    }
}
