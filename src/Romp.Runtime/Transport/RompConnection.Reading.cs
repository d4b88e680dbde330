using System.Buffers;
using System.IO.Pipelines;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;
using Romp.Serialization;

namespace Romp.Transport;

internal sealed partial class RompConnection
{
    private Task _readLoop = Task.CompletedTask;
    private long _discardRemaining;

    private async Task ReadLoopAsync()
    {
        RompException? failure = null;
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync().ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    // Only ShutdownAsync cancels the read: the connection is already closing.
                    _input.AdvanceTo(buffer.Start);
                    break;
                }

                bool goodbye = false;
                bool paused = false;
                FrameType pausedBefore = default;
                try
                {
                    // Frame by frame, so that the limits on queued work hold inside one large read as well. Only a new
                    // call waits for room: answers, CANCEL and CREDIT (which let calls in progress finish) never do.
                    while (!goodbye && !(paused = MustPauseBefore(in buffer, out pausedBefore)) && TryReadFrame(ref buffer, out Frame frame))
                        goodbye = HandleFrame(in frame);
                    if (!goodbye && !paused && result.IsCompleted)
                    {
                        failure = buffer.IsEmpty && _discardRemaining == 0
                            ? new RompException(RompError.ConnectionBroken, "The peer closed the connection without saying goodbye.")
                            : new RompException(RompError.ConnectionBroken, "The connection ended in the middle of a frame.");
                        break;
                    }
                }
                finally
                {
                    // Consumed = whole frames parsed; examined = everything, so the next read waits for more bytes; unless
                    // we paused with whole frames still unparsed, which the next read must return at once.
                    _input.AdvanceTo(buffer.Start, paused ? buffer.Start : buffer.End);
                }

                if (goodbye)
                    break;

                // Stop reading, rather than queue without bound, while this peer's work piles up on our side.
                if (paused)
                    await WaitToResumeAsync(pausedBefore).ConfigureAwait(false);

                // A lock-free hint first: the usual read leaves no backlog and should not take the write lock to learn so.
                if (Interlocked.Read(ref _unflushed) > ConnectionSettings.MaxUnflushedBytes)
                    await WaitForOutputRoomAsync().ConfigureAwait(false);
            }
        }
        catch (RompException error) when (error.Error is RompError.InvalidMessage or RompError.InvalidPartner)
        {
            failure = error;
            Log.ProtocolViolation(_logger, this, error.Message);
            // Tell the peer why before hanging up; it is best effort, the connection is going anyway.
            TryWriteFrame(FrameType.Goodbye, 0, new GoodbyeBody((byte)error.Error, error.Message), mayWait: false);
        }
        catch (RompException error)
        {
            failure = error;
        }
        catch (Exception error)
        {
            // Socket errors arrive here through the pipe; whatever it is, the connection cannot go on.
            failure = new RompException(RompError.ConnectionBroken, "The connection broke: " + error.Message, error);
        }

        await CloseAsync(failure ?? _peerGoodbye).ConfigureAwait(false);
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out Frame frame)
    {
        while (_discardRemaining > 0)
        {
            // The tail of an abandoned frame that was too large to buffer: drop it as it streams past.
            if (buffer.IsEmpty)
            {
                frame = default;
                return false;
            }

            long skip = Math.Min(_discardRemaining, buffer.Length);
            buffer = buffer.Slice(skip);
            _discardRemaining -= skip;
        }

        if (FrameReader.TryReadOversizedDiscard(ref buffer, _settings.MaxFrameSize, out _discardRemaining))
        {
            frame = default;
            return TryReadFrame(ref buffer, out frame);
        }

        return FrameReader.TryRead(ref buffer, _settings.MaxFrameSize, out frame);
    }

    /// <summary>Acts on one frame. Returns true for GOODBYE: the peer sends nothing more.</summary>
    private bool HandleFrame(in Frame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Request:
            case FrameType.RequestBlock:
            case FrameType.Oneway:
            case FrameType.OnewaySync:
                OnCall(in frame);
                return false;
            case FrameType.RetVal:
            case FrameType.Exception:
            case FrameType.NullMsg:
            case FrameType.Yield:
                OnAnswer(in frame);
                return false;
            case FrameType.Sync:
                RequireCallId(in frame);
                OnSync(frame.CallId);
                return false;
            case FrameType.Cancel:
                OnCancel(frame.CallId);
                return false;
            case FrameType.Credit:
                OnCredit(in frame);
                return false;
            case FrameType.Goodbye:
                OnGoodbye(in frame);
                return true;
            case FrameType.Discard:
                return false;
            case FrameType.Release:
                OnRelease(in frame);
                return false;
            default:
                ThrowHelper.ThrowUnknownFrameType((byte)frame.Type);
                return false;
        }
    }

    private void OnAnswer(in Frame frame)
    {
        if (!TryFindAnswered(frame.CallId, frame.Type == FrameType.Yield, out PendingCall? call))
            return; // cancelled or timed out on this side: the late answer has nobody to go to.

        var reader = new RompReader(frame.Payload, this);
        try
        {
            switch (frame.Type)
            {
                case FrameType.RetVal:
                    call.OnReturn(ref reader);
                    break;
                case FrameType.NullMsg:
                    reader.EnsureEnd();
                    call.OnNull();
                    break;
                case FrameType.Yield:
                    call.OnYield(ref reader);
                    break;
                default:
                    call.OnFailure(ReadError(ref reader));
                    break;
            }
        }
        catch (Exception error)
        {
            // The answer is malformed (or a formatter rejected it): the caller learns why, and the connection goes,
            // since what follows in the stream can't be trusted. The call is already out of the table: fail it here.
            RompException malformed = error as RompException is { Error: RompError.InvalidMessage } invalid
                ? invalid
                : new RompException(RompError.InvalidMessage, $"The answer to call {frame.CallId} could not be read: {error.Message}", error);
            call.OnFailure(malformed);
            throw malformed;
        }
    }

    private static RompException ReadError(ref RompReader reader)
    {
        byte code = reader.ReadByte();
        string type = reader.ReadString() ?? "";
        string message = reader.ReadString() ?? "";
        string? stack = reader.ReadString();
        reader.EnsureEnd();
        if (code > (byte)RompError.Timeout)
            ThrowHelper.ThrowInvalidData($"Unknown error code {code}.");
        var error = (RompError)code;
        return error == RompError.Remote ? new RemoteException(type, message, stack) : new RompException(error, message);
    }

    private void OnCredit(in Frame frame)
    {
        var reader = new RompReader(frame.Payload, this);
        uint items = reader.ReadUInt32();
        reader.EnsureEnd();
        if (TryFindIncoming(frame.CallId, out IncomingCall? call, out int generation))
            call.AddCredit(items, generation);
    }

    private void OnGoodbye(in Frame frame)
    {
        var reader = new RompReader(frame.Payload, this);
        byte reason = reader.ReadByte();
        string message = reader.ReadString() ?? "";
        reader.EnsureEnd();
        _peerGoodbye = reason == GoodbyeBody.Orderly || reason > (byte)RompError.Timeout
            ? new RompException(RompError.ClosedConnection, message.Length > 0 ? message : "The peer closed the connection.")
            : new RompException((RompError)reason, message);
    }

    private static void RequireCallId(in Frame frame)
    {
        if (frame.CallId == 0)
            ThrowHelper.ThrowInvalidData($"A {frame.Type} frame needs a call id.");
    }
}
