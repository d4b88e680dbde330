using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Romp.Transport;

/// <summary>
/// A TCP or Unix-domain socket behind two pipes: a receive loop fills the input pipe, a send loop drains the output pipe.
/// Each loop uses the socket's cached awaitable operations, so steady-state sends and receives allocate nothing.
/// </summary>
internal sealed class SocketConnection : TransportConnection
{
    private readonly Socket _socket;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly Task _receiving;
    private readonly Task _sending;
    private readonly List<ArraySegment<byte>> _gather = new();
    private int _aborted;

    private SocketConnection(Socket socket, PipeSettings settings)
    {
        _socket = socket;
        RemoteEndPoint = socket.RemoteEndPoint;
        if (socket.ProtocolType == ProtocolType.Tcp)
            socket.NoDelay = true;

        // The input pipe must hold our largest frame whole; the output pipe only has to drain.
        // The input pipe must hold our largest frame whole; the output pipe only has to drain.
        _input = new Pipe(PipeSettings.For(settings.MaxFrameSize));
        _output = new Pipe(PipeSettings.Output);
        _receiving = ReceiveLoopAsync();
        _sending = SendLoopAsync();
    }

    public override PipeReader Input => _input.Reader;

    public override PipeWriter Output => _output.Writer;

    public override EndPoint? RemoteEndPoint { get; }

    public static SocketConnection Accept(Socket socket, PipeSettings settings) => new(socket, settings);

    public static async ValueTask<TransportConnection> ConnectAsync(RompEndpoint endpoint, PipeSettings settings, CancellationToken cancellationToken)
    {
        EndPoint target = endpoint.ToSocketEndPoint();
        var socket = endpoint.Scheme == RompEndpoint.Unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : target.AddressFamily == AddressFamily.Unspecified
                ? new Socket(SocketType.Stream, ProtocolType.Tcp)
                : new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException error)
        {
            socket.Dispose();
            throw new RompException(RompError.AccessFailed, $"Could not connect to {endpoint}: {error.Message}", error);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SocketConnection(socket, settings);
    }

    public override void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
            return;
        try
        {
            // Linger 0: reset instead of an orderly close, as a crashed peer would.
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
        _output.Writer.Complete();
    }

    public override async ValueTask DisposeAsync()
    {
        _output.Writer.Complete();
        _input.Reader.Complete();
        try
        {
            // A peer that stopped reading must not hold our close hostage.
            await _sending.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _socket.Dispose();
        await _receiving.ConfigureAwait(false);
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        PipeWriter writer = _input.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                Memory<byte> memory = writer.GetMemory(16 * 1024);
                int received = await _socket.ReceiveAsync(memory, SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                    break;
                writer.Advance(received);
                FlushResult flushed = await writer.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted)
                    break;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            error = _aborted != 0 ? null : e;
        }

        await writer.CompleteAsync(error).ConfigureAwait(false);
    }

    private async Task SendLoopAsync()
    {
        await Task.Yield();
        PipeReader reader = _output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    if (!buffer.IsEmpty)
                        await SendAsync(buffer).ConfigureAwait(false);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                    break;
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            error = e;
        }

        await reader.CompleteAsync(error).ConfigureAwait(false);
    }

    private ValueTask<int> SendAsync(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
            return _socket.SendAsync(buffer.First, SocketFlags.None);

        // Many small frames span several segments: send them with one gathered write instead of one syscall each.
        _gather.Clear();
        foreach (ReadOnlyMemory<byte> segment in buffer)
        {
            if (!MemoryMarshal.TryGetArray(segment, out ArraySegment<byte> array))
                return SendSegmentsAsync(buffer);
            _gather.Add(array);
        }

        return new ValueTask<int>(_socket.SendAsync(_gather, SocketFlags.None));
    }

    private async ValueTask<int> SendSegmentsAsync(ReadOnlySequence<byte> buffer)
    {
        int total = 0;
        foreach (ReadOnlyMemory<byte> segment in buffer)
            total += await _socket.SendAsync(segment, SocketFlags.None).ConfigureAwait(false);
        return total;
    }
}
