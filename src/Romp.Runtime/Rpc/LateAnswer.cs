
namespace Romp.Rpc;

/// <summary>
/// Stands in the call table for a call or stream its caller gave up on, until the answer the peer still sends arrives.
/// Values are read and dropped, so that references they carry are counted here and released, not leaked on the peer.
/// </summary>
internal sealed class LateAnswer<T>(IRompFormatter<T> formatter, bool isStream) : PendingCall
{
    public override bool IsStream => isStream;

    public override void OnReturn(ref RompReader payload)
    {
        if (isStream)
        {
            payload.EnsureEnd();
            return;
        }

        try
        {
            DropResult(formatter.Read(ref payload));
            payload.EnsureEnd();
        }
        catch (Exception error) when (UnreadableAnswer.FailsOnlyTheCall(error))
        {
            // Nobody waits for it; the references after the unreadable value stay counted on the peer until the
            // connection closes, as those of a refused call do.
        }
    }

    // A byte stream nobody will read: its writer is told to stop at once, rather than when the stream is collected.
    private static void DropResult(T value)
    {
        if (value is Stream stream)
            stream.Dispose();
        else if (value is System.IO.Pipelines.PipeReader reader)
            reader.Complete();
    }

    public override void OnYield(ref RompReader payload)
    {
        uint count = payload.ReadUInt32();
        try
        {
            for (uint i = 0; i < count; i++)
                formatter.Read(ref payload);
            payload.EnsureEnd();
        }
        catch (Exception error) when (UnreadableAnswer.FailsOnlyTheCall(error))
        {
            // As in OnReturn: dropped, and the connection reads on.
        }
    }

    public override void OnFailure(Exception error)
    {
    }
}
