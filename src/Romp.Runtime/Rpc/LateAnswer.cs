
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
            formatter.Read(ref payload);
            payload.EnsureEnd();
        }
        catch (Exception error) when (UnreadableAnswer.FailsOnlyTheCall(error))
        {
            // Nobody waits for it; the references after the unreadable value stay counted on the peer until the
            // connection closes, as those of a refused call do.
        }
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
