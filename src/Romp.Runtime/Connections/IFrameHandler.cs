using Romp.Protocol;

namespace Romp.Connections;

/// <summary>What the <see cref="FrameChannel"/>'s read loop hands frames to, and asks before it reads a new call.</summary>
internal interface IFrameHandler
{
    /// <summary>True while some limit on new calls is reached; only then does the read loop look at a frame's type first.</summary>
    bool AdmissionLimited { get; }

    /// <summary>True while this side waits on the peer (calls out, streams waiting for CREDIT): the read loop must not pause then.</summary>
    bool AwaitingPeer { get; }

    /// <summary>True when a frame of <paramref name="type"/> must wait for room before it is read.</summary>
    bool MustWait(FrameType type);

    /// <summary>Completes once a frame of <paramref name="type"/> may be read, or the connection is closing.</summary>
    ValueTask WaitForRoomAsync(FrameType type);

    /// <summary>Acts on one frame; its payload is valid only during the call. Returns true for GOODBYE: the peer sends nothing more.</summary>
    bool OnFrame(in Frame frame);

    /// <summary>The read loop has ended, with the failure that ended it (null for a GOODBYE or a local close).</summary>
    void OnReadLoopEnded(RompException? failure);
}
