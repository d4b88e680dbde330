using System.Buffers;

namespace Romp.Protocol;

/// <summary>One parsed frame. <see cref="Payload"/> is a slice of the pipe's buffer: invalid after AdvanceTo.</summary>
internal readonly struct Frame
{
    public Frame(FrameType type, uint callId, ReadOnlySequence<byte> payload)
    {
        Type = type;
        CallId = callId;
        Payload = payload;
    }

    public FrameType Type { get; }

    public uint CallId { get; }

    public ReadOnlySequence<byte> Payload { get; }
}
