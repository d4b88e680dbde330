using System.Buffers;
using Romp.Connections;
using Romp.Diagnostics;
using Romp.Rpc;

namespace Romp.Protocol;

/// <summary>Writes frames into any <see cref="IBufferWriter{T}"/>. Pure: one frame in, its bytes out, advanced once.</summary>
internal static class FrameWriter
{
    /// <summary>
    /// Writes the 9-byte header and <paramref name="body"/> into one span and advances the output once, with the header
    /// filled in. When the body throws, or its payload is larger than <paramref name="maxPayload"/> (what the peer
    /// accepts), nothing is advanced: the output is as it was, and the exception propagates. A <paramref name="trace"/>
    /// sees the whole frame just before it is advanced, the only moment its bytes are both complete and still this side's.
    /// </summary>
    /// <returns>The bytes the frame took.</returns>
    public static int Write<TBody>(IBufferWriter<byte> output, FrameType type, uint callId, in TBody body, int maxPayload, RompConnection? connection, ConversationTrace? trace = null)
        where TBody : struct, IRompArgs
    {
        var writer = new RompWriter(output, connection);
        writer.Skip(FrameHeader.Size);
        body.Write(ref writer);
        long length = writer.Written - FrameHeader.Size;
        if (length > maxPayload)
            throw new RompException(RompError.SendFailed, $"A {type} frame of {length} bytes exceeds the {maxPayload} bytes the peer accepts (its MaxFrameSize).");
        FrameHeader.Write(writer.Uncommitted, type, callId, (uint)length);
        if (trace is not null)
            trace.OnSent(writer.Uncommitted);
        writer.Commit();
        return FrameHeader.Size + (int)length;
    }
}
