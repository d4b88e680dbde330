using System.IO.Pipelines;
using System.Net;
using Romp.Internal;

namespace Romp.Transport;

/// <summary>
/// A connection over one or two streams. Reads and writes go straight to them, on the thread that reads or flushes: no
/// loop of its own, no thread hand-off between the stream and the connection. Each write the output stream completes
/// is stamped (<see cref="IWriteProgress"/>), so that a slow flush is not taken for a stalled one.
/// </summary>
internal class StreamTransportConnection : RompTransportConnection, IWriteProgress
{
    // How long an orderly close waits for the last flush: a peer that stopped reading must not hold the close hostage.
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(5);

    private readonly Stream _input;
    private readonly Stream _output;
    private readonly WriteProgressStream _written; // the output as the pipe writer sees it
    private int _closed;

    public StreamTransportConnection(Stream input, Stream output, EndPoint? remoteEndPoint)
    {
        _input = input;
        _output = output;
        _written = new WriteProgressStream(output);
        RemoteEndPoint = remoteEndPoint;
        Input = PipeReader.Create(input, new StreamPipeReaderOptions(
            pool: BlockMemoryPool.Instance, bufferSize: BlockMemoryPool.BlockSize, minimumReadSize: 4096, leaveOpen: true));
        Output = PipeWriter.Create(_written, new StreamPipeWriterOptions(
            pool: BlockMemoryPool.Instance, minimumBufferSize: 4096, leaveOpen: true));
    }

    public override PipeReader Input { get; }

    public override PipeWriter Output { get; }

    public override EndPoint? RemoteEndPoint { get; }

    public long LastWriteCompleted => _written.LastWriteCompleted;

    public override void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        OnAbort();
        // Only the streams: the pipes may be in use on other threads, and a broken stream ends their reads and flushes.
        DisposeStreams();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        try
        {
            await CloseOutputAsync().WaitAsync(s_closeTimeout).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TimeoutException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone or not reading: nothing more can reach it.
        }

        await Input.CompleteAsync().ConfigureAwait(false);
        DisposeStreams();
    }

    /// <summary>Called before the streams are disposed by <see cref="Abort"/>: a socket resets instead of closing.</summary>
    protected virtual void OnAbort()
    {
    }

    /// <summary>
    /// Called once everything written was flushed in an orderly close, within the same time limit: TLS sends its
    /// close_notify, a socket its FIN.
    /// </summary>
    protected virtual ValueTask OnOutputCompletedAsync() => default;

    private async Task CloseOutputAsync()
    {
        await Output.CompleteAsync().ConfigureAwait(false);
        await OnOutputCompletedAsync().ConfigureAwait(false);
    }

    private void DisposeStreams()
    {
        _input.Dispose();
        if (!ReferenceEquals(_input, _output))
            _output.Dispose();
    }
}
