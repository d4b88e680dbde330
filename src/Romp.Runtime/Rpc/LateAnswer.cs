using Romp.Serialization;

namespace Romp.Rpc;

/// <summary>
/// Stands in the call table for a call its caller cancelled, until the answer the peer still sends arrives. The answer
/// is read and dropped, so that references it carries are counted here and released, not leaked on the peer.
/// </summary>
internal sealed class LateAnswer<T>(IRompFormatter<T> formatter) : PendingCall
{
    public override void OnReturn(ref RompReader payload)
    {
        formatter.Read(ref payload);
        payload.EnsureEnd();
    }

    public override void OnFailure(Exception error)
    {
    }
}
