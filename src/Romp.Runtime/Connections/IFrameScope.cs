using Romp.Protocol;

namespace Romp.Connections;

/// <summary>Told, under the output's lock, when a frame starts and when it is abandoned, so that what the frame's writing did (references exported into it, byte streams announced in it) can be undone.</summary>
internal interface IFrameScope
{
    /// <summary>A frame of <paramref name="type"/> for <paramref name="callId"/> is about to be written.</summary>
    void OnFrameStarting(FrameType type, uint callId);

    /// <summary>The frame just started was abandoned (its body threw, or it was too large): the peer never sees it.</summary>
    void OnFrameAbandoned();
}
