using System.Diagnostics;
using System.Net.Sockets;

namespace Romp.Transport;

/// <summary>
/// A <see cref="NetworkStream"/> whose reads poll the socket for a bounded time before they park, the first step of an
/// idle strategy in Aeron's manner: bytes that arrive within <c>spin</c> are read on the spinning thread at once, with
/// no wake-up of a parked one. Past it the read is the usual asynchronous one.
/// </summary>
internal sealed class SpinningNetworkStream : NetworkStream
{
    private readonly long _spinTicks;

    public SpinningNetworkStream(Socket socket, TimeSpan spin)
        : base(socket, ownsSocket: true)
    {
        _spinTicks = (long)(spin.TotalSeconds * Stopwatch.Frequency);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || cancellationToken.IsCancellationRequested || !BytesArriveWithinSpin())
            return base.ReadAsync(buffer, cancellationToken);
        try
        {
            // Bytes are waiting: this receive returns at once.
            return new ValueTask<int>(Socket.Receive(buffer.Span, SocketFlags.None));
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            return base.ReadAsync(buffer, cancellationToken);
        }
    }

    private bool BytesArriveWithinSpin()
    {
        try
        {
            long deadline = Stopwatch.GetTimestamp() + _spinTicks;
            while (true)
            {
                if (Socket.Available > 0)
                    return true;
                if (Stopwatch.GetTimestamp() >= deadline)
                    return false;
                Thread.SpinWait(16);
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            return false; // the asynchronous read reports what became of the socket
        }
    }
}
