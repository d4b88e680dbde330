using System.Buffers.Binary;
using Romp.Fuzz.Target;

namespace Romp.Fuzz.Wire;

/// <summary>
/// The oracle for "is this a valid call": decodes a call frame's payload against <see cref="IFuzzTarget"/>'s
/// signatures (docs/protocol.md §4.1) with <see cref="ValueReader"/>, and gives the call's fingerprint when it decodes
/// exactly. Where the spec leaves the answer to the server's state (which object id is which, whether a call id is
/// still in use), it accepts: the oracle may only allow more calls than a correct server makes, never fewer.
/// </summary>
internal static class CallDecoder
{
    public static bool TryDecode(byte type, ReadOnlySpan<byte> payload, out long fingerprint)
    {
        fingerprint = 0;
        if (!WireType.IsCall(type))
            return false;
        var reader = new ValueReader(payload);
        // Object 0 is the resolver, which never reaches user code; any other id may be the target on some connection.
        if (!reader.UInt32(out uint objectId) || objectId == 0 || !reader.UInt16(out ushort method))
            return false;
        // The method id's top bit: a call header follows (§4.1), and the id is the other fifteen bits.
        if ((method & 0x8000) != 0)
        {
            method &= 0x7FFF;
            if (!TryHeader(ref reader))
                return false;
        }

        // A stream method only runs for REQUEST_BLOCK and nothing else does (§3.11: those are answered with EXCEPTION).
        if ((method == FuzzMethods.Range) != (type == WireType.RequestBlock))
            return false;
        if (type == WireType.RequestBlock && !reader.UInt32(out _))
            return false;
        return TryFinish(ref reader, method, out fingerprint);
    }

    /// <summary>
    /// Decodes <paramref name="arguments"/> (everything after the call's head) as <paramref name="method"/>'s arguments
    /// and checksum, which must use up every byte.
    /// </summary>
    public static bool TryDecodeArguments(ushort method, ReadOnlySpan<byte> arguments, out long fingerprint)
    {
        var reader = new ValueReader(arguments);
        return TryFinish(ref reader, method, out fingerprint);
    }

    /// <summary>Every call frame in <paramref name="frames"/> that decodes, as fingerprints.</summary>
    public static long[] ValidCalls(ReadOnlySpan<byte> stream, List<WireFrame> frames)
    {
        var calls = new List<long>();
        foreach (WireFrame frame in frames)
        {
            if (TryDecode(frame.Type, frame.Payload(stream), out long fingerprint))
                calls.Add(fingerprint);
        }

        return calls.ToArray();
    }

    /// <summary>The object id a call payload names, or null for a payload too short to name one.</summary>
    public static uint? ObjectId(ReadOnlySpan<byte> payload) =>
        payload.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(payload) : null;

    /// <summary>A call header by §4.1: a uint16 length, then (tag, length, value) entries inside it; tag 1 once, of 4 bytes.</summary>
    private static bool TryHeader(ref ValueReader reader)
    {
        if (!reader.UInt16(out ushort length))
            return false;
        bool deadline = false;
        int left = length;
        while (left > 0)
        {
            if (left < 2 || !reader.Byte(out byte tag) || !reader.Byte(out byte size))
                return false;
            left -= 2 + size;
            if (left < 0 || (tag == 1 && (size != 4 || deadline)) || !reader.Skip(size))
                return false;
            deadline |= tag == 1;
        }

        return true;
    }

    private static bool TryFinish(ref ValueReader reader, ushort method, out long fingerprint)
    {
        fingerprint = 0;
        if (!TryArguments(ref reader, method, out long arguments) || !reader.Int64(out long checksum) || !reader.AtEnd)
            return false;
        fingerprint = CallFingerprint.Seal(arguments, checksum);
        return true;
    }

    private static bool TryArguments(ref ValueReader reader, ushort method, out long arguments)
    {
        arguments = 0;
        switch (method)
        {
            case FuzzMethods.Add:
                if (!reader.Int32(out int a) || !reader.Int32(out int b))
                    return false;
                arguments = CallFingerprint.Add(a, b);
                return true;
            case FuzzMethods.Echo:
                if (!reader.String(out string? text))
                    return false;
                arguments = CallFingerprint.Echo(text);
                return true;
            case FuzzMethods.Sum:
                if (!reader.Bytes(out byte[]? data))
                    return false;
                arguments = CallFingerprint.Sum(data);
                return true;
            case FuzzMethods.Count:
                if (!reader.Ints(out List<int>? items))
                    return false;
                arguments = CallFingerprint.Count(items);
                return true;
            case FuzzMethods.Move:
                if (!reader.Shape(out Shape? shape) || !reader.Int32(out int dx))
                    return false;
                arguments = CallFingerprint.Move(shape, dx);
                return true;
            case FuzzMethods.Depth:
                if (!reader.Chain(out Chain? chain))
                    return false;
                arguments = CallFingerprint.Depth(chain);
                return true;
            case FuzzMethods.CallBack:
                if (!reader.Callback(out bool present) || !reader.Int32(out int value))
                    return false;
                arguments = CallFingerprint.CallBack(present, value);
                return true;
            case FuzzMethods.Range:
                if (!reader.Int32(out int start) || !reader.Int32(out int count))
                    return false;
                arguments = CallFingerprint.Range(start, count);
                return true;
            case FuzzMethods.Note:
                if (!reader.Int32(out int note))
                    return false;
                arguments = CallFingerprint.Note(note);
                return true;
            case FuzzMethods.NoteSync:
                if (!reader.String(out string? noted))
                    return false;
                arguments = CallFingerprint.NoteSync(noted);
                return true;
            default:
                return false;
        }
    }
}
