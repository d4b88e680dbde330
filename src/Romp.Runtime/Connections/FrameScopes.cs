using Romp.Protocol;

namespace Romp.Connections;

/// <summary>The connection's two frame scopes, told in turn: the references a frame exports, and the byte streams it announces.</summary>
internal sealed class FrameScopes(IFrameScope references, IFrameScope byteStreams) : IFrameScope
{
    public void OnFrameStarting(FrameType type, uint callId)
    {
        references.OnFrameStarting(type, callId);
        byteStreams.OnFrameStarting(type, callId);
    }

    public void OnFrameAbandoned()
    {
        references.OnFrameAbandoned();
        byteStreams.OnFrameAbandoned();
    }
}
