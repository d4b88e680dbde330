using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;
using Romp.Serialization;

namespace Romp.Transport;

internal sealed partial class RompConnection
{
    [ThreadStatic]
    private static bool t_writingFrame;

    private readonly object _writeGate = new();
    private bool _outputClosed;
    private bool _flushRunning;
    private bool _flushRequested;
    private long _unflushed;
    private IThreadPoolWorkItem? _deferredFlush;
    private TaskCompletionSource? _outputRoom;

    /// <summary>
    /// Writes one frame straight into the output pipe, under the write lock. The header is reserved first and filled in
    /// once the payload's length is known. If the payload cannot be written whole (a formatter throws, or it is larger
    /// than the peer accepts), the frame is marked DISCARD so the stream stays well framed, and the error is thrown.
    /// </summary>
    /// <remarks><paramref name="mayWait"/> is false for writes from the read loop, which must never block on the peer (it could be blocked on us).</remarks>
    public void WriteFrame<TBody>(FrameType type, uint callId, in TBody body, bool mayWait = true) where TBody : struct, IRompArgs
    {
        if (t_writingFrame)
            ThrowHelper.ThrowNestedWrite();
        lock (_writeGate)
        {
            if (_outputClosed)
                ThrowHelper.ThrowClosed(CloseReason);

            t_writingFrame = true;
            try
            {
                WriteFrameLocked(type, callId, in body);
            }
            finally
            {
                t_writingFrame = false;
            }

            if (mayWait)
                WaitForFlushLocked();
        }
    }

    private void WriteFrameLocked<TBody>(FrameType type, uint callId, in TBody body) where TBody : struct, IRompArgs
    {
        var writer = new RompWriter(_output, this);
        Span<byte> header = writer.Reserve(FrameHeader.Size);
        BeginFrameReferences();
        long length;
        try
        {
            body.Write(ref writer);
            writer.Commit();
            length = writer.Written - FrameHeader.Size;
        }
        catch
        {
            TakeBackFrameReferences();
            writer.Commit();
            FrameHeader.Write(header, FrameType.Discard, callId, (uint)(writer.Written - FrameHeader.Size));
            _unflushed += writer.Written;
            throw;
        }

        if (length > _peerMaxFrameSize)
        {
            TakeBackFrameReferences();
            FrameHeader.Write(header, FrameType.Discard, callId, (uint)length);
            _unflushed += writer.Written;
            throw new RompException(RompError.SendFailed, $"A {type} frame of {length} bytes exceeds the {_peerMaxFrameSize} bytes the peer accepts (its MaxFrameSize).");
        }

        FrameHeader.Write(header, type, callId, (uint)length);
        _unflushed += writer.Written;
    }

    /// <summary>Writes a frame when the connection is open; a closed connection drops it (the peer is gone).</summary>
    public bool TryWriteFrame<TBody>(FrameType type, uint callId, in TBody body, bool mayWait = true) where TBody : struct, IRompArgs
    {
        try
        {
            WriteFrame(type, callId, in body, mayWait);
            return true;
        }
        // Closed, or closing: a stalled write aborts the connection and then throws on the writer that saw it.
        catch (RompException) when (_outputClosed || Volatile.Read(ref _shutdown) != 0)
        {
            return false;
        }
    }

    /// <summary>Flushes on this thread now, or joins the flush already running (which then picks these bytes up too).</summary>
    public void FlushNow()
    {
        if (BeginFlush())
            _ = FlushLoopAsync();
    }

    /// <summary>
    /// Flushes soon on a pool thread. One-way senders use this so that a burst of calls leaves in a few large writes
    /// instead of one system call each.
    /// </summary>
    public void FlushSoon()
    {
        if (BeginFlush())
            ThreadPool.UnsafeQueueUserWorkItem(_deferredFlush ??= new DeferredFlush(this), preferLocal: false);
    }

    private bool BeginFlush()
    {
        lock (_writeGate)
        {
            if (_flushRunning)
            {
                _flushRequested = true;
                return false;
            }

            _flushRunning = true;
            return true;
        }
    }

    // The one flusher. Pipe allows writing while a flush waits, but not two flushes at once: every flush goes through here.
    // It completes synchronously unless the pipe pushes back, so the usual flush allocates nothing.
    private async ValueTask FlushLoopAsync()
    {
        while (true)
        {
            ValueTask<FlushResult> flush;
            long flushing;
            lock (_writeGate)
            {
                _flushRequested = false;
                if (_outputClosed)
                {
                    EndFlushLocked(0);
                    return;
                }

                flushing = _unflushed;
                try
                {
                    flush = _output.FlushAsync();
                }
                catch (Exception error)
                {
                    // The transport failed under us (its reader completed with an error): this connection is over.
                    EndFlushLocked(flushing);
                    Log.WriteFailed(_logger, this, error);
                    Abort(new RompException(RompError.SendFailed, "Writing to the connection failed: " + error.Message, error));
                    return;
                }
            }

            try
            {
                FlushResult result = await flush.ConfigureAwait(false);
                if (result.IsCompleted)
                    throw new IOException("The transport stopped sending.");
            }
            catch (Exception error)
            {
                lock (_writeGate)
                    EndFlushLocked(flushing);
                Log.WriteFailed(_logger, this, error);
                Abort(new RompException(RompError.SendFailed, "Writing to the connection failed: " + error.Message, error));
                return;
            }

            lock (_writeGate)
            {
                if (!_flushRequested)
                {
                    EndFlushLocked(flushing);
                    return;
                }

                _unflushed -= flushing;
                SignalFlushedLocked();
            }
        }
    }

    private void EndFlushLocked(long flushed)
    {
        _unflushed -= flushed;
        _flushRunning = false;
        SignalFlushedLocked();
    }

    private void SignalFlushedLocked()
    {
        Monitor.PulseAll(_writeGate);
        _outputRoom?.TrySetResult();
        _outputRoom = null;
    }

    // Backpressure: a writer that gets far ahead of the network waits for the flush in progress, as a blocking send would,
    // but not forever: a peer that leaves our output unread that long is treated as gone.
    private void WaitForFlushLocked()
    {
        long deadline = 0;
        while (OutputBackloggedLocked)
        {
            if (deadline == 0)
                deadline = Environment.TickCount64 + (long)_settings.StalledWriteTimeout.TotalMilliseconds;
            long left = deadline - Environment.TickCount64;
            if (left <= 0 || !Monitor.Wait(_writeGate, TimeSpan.FromMilliseconds(left)) && OutputBackloggedLocked && Environment.TickCount64 >= deadline)
            {
                RompException stalled = StalledPeer();
                Abort(stalled);
                throw stalled;
            }
        }
    }

    private bool OutputBackloggedLocked => _unflushed > ConnectionSettings.MaxUnflushedBytes && _flushRunning && !_outputClosed;

    /// <summary>
    /// For the read loop, which writes answers without waiting: completes once the output is no longer backlogged, so
    /// that a peer that sends but never reads cannot make us buffer without bound (we stop reading it instead).
    /// </summary>
    private async ValueTask WaitForOutputRoomAsync()
    {
        long deadline = Environment.TickCount64 + (long)_settings.StalledWriteTimeout.TotalMilliseconds;
        while (true)
        {
            Task room;
            lock (_writeGate)
            {
                if (!OutputBackloggedLocked)
                    return;
                _outputRoom ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                room = _outputRoom.Task;
            }

            long left = deadline - Environment.TickCount64;
            if (left <= 0 || await Task.WhenAny(room, Task.Delay(TimeSpan.FromMilliseconds(left))).ConfigureAwait(false) != room)
                throw StalledPeer();
        }
    }

    private RompException StalledPeer() => new(RompError.SendFailed,
        $"The peer has not read what this side sent for {_settings.StalledWriteTimeout.TotalSeconds:0.#} s (StalledWriteTimeout); the connection is closed.");

    public void SendResult(uint callId)
    {
        if (TryWriteFrame(FrameType.RetVal, callId, new EmptyBody()))
            FlushNow();
    }

    public void SendResult<T>(uint callId, T value, IRompFormatter<T> formatter)
    {
        if (TryWriteFrame(FrameType.RetVal, callId, new ResultBody<T>(value, formatter)))
            FlushNow();
    }

    public void SendYield<T>(uint callId, ArraySegment<T> items, IRompFormatter<T> formatter)
    {
        if (TryWriteFrame(FrameType.Yield, callId, new YieldBody<T>(items, formatter)))
            FlushNow();
    }

    public void SendError(uint callId, Exception error, bool fromReadLoop = false)
    {
        RompError code = error is RompException romp ? romp.Error : RompError.Remote;
        string type = error is RemoteException remote ? remote.RemoteType : error.GetType().FullName ?? error.GetType().Name;
        string? stack = _settings.IncludeRemoteStackTrace ? error.StackTrace : null;
        bool written;
        try
        {
            written = TryWriteFrame(FrameType.Exception, callId, new ErrorBody(code, type, error.Message, stack), mayWait: !fromReadLoop);
        }
        catch (RompException tooLarge) when (tooLarge.Error == RompError.SendFailed)
        {
            // The caller must get an answer: a shortened error always fits the 1024 bytes every peer accepts.
            written = TryWriteFrame(FrameType.Exception, callId, new ErrorBody(code, Shorten(type), Shorten(error.Message), null), mayWait: !fromReadLoop);
        }

        if (written)
            FlushNow();
    }

    private static string Shorten(string text) => text.Length <= ShortTextLength ? text : string.Concat(text.AsSpan(0, ShortTextLength - 1), "…");

    // Worst case 4 UTF-8 bytes a char: two short texts plus the error header stay under the 1024-byte minimum frame.
    private const int ShortTextLength = 100;

    public void SendNull(uint callId)
    {
        if (TryWriteFrame(FrameType.NullMsg, callId, new EmptyBody(), mayWait: false))
            FlushNow();
    }

    public void SendCancel(uint callId)
    {
        if (TryWriteFrame(FrameType.Cancel, callId, new EmptyBody(), mayWait: false))
            FlushNow();
    }

    public void SendCredit(uint callId, uint items)
    {
        if (TryWriteFrame(FrameType.Credit, callId, new CreditBody(items), mayWait: false))
            FlushNow();
    }

    private sealed class DeferredFlush(RompConnection connection) : IThreadPoolWorkItem
    {
        public void Execute() => _ = connection.FlushLoopAsync();
    }
}
