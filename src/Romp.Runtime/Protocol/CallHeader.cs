using System.Diagnostics;
using Romp.Internal;

namespace Romp.Protocol;

/// <summary>
/// The optional header of a call payload (docs/protocol.md §4.1): after the method id, when its top bit is set, a uint16
/// length and then entries of (tag byte, length byte, value). Tag 1 is the deadline, uint32 milliseconds left when
/// sent; tags 2 and 3 are W3C trace context (<see cref="TraceParent"/>); a reader skips tags it does not know. Sent only
/// to a peer whose hello has <see cref="HelloFlags.CallHeaders"/>.
/// </summary>
internal readonly struct CallHeader
{
    /// <summary>The method id's top bit: a header follows the method id.</summary>
    public const ushort Present = 0x8000;

    /// <summary>The largest method id there can be: the top bit belongs to <see cref="Present"/>.</summary>
    public const ushort MaxMethodId = 0x7FFF;

    public const byte DeadlineTag = 1;

    private const byte DeadlineSize = 4;

    private readonly uint _deadlineMilliseconds;
    private readonly bool _hasDeadline;
    private readonly bool _hasTrace;
    private readonly ActivityContext _trace;

    public CallHeader(uint deadlineMilliseconds)
    {
        _deadlineMilliseconds = deadlineMilliseconds;
        _hasDeadline = true;
    }

    /// <summary>A header with a deadline when <paramref name="deadlineMilliseconds"/> has a value, and <paramref name="trace"/> when <paramref name="hasTrace"/>.</summary>
    public CallHeader(uint? deadlineMilliseconds, bool hasTrace, in ActivityContext trace)
    {
        _deadlineMilliseconds = deadlineMilliseconds.GetValueOrDefault();
        _hasDeadline = deadlineMilliseconds.HasValue;
        _hasTrace = hasTrace;
        _trace = trace;
    }

    /// <summary>False for the default value: no header, and the method id is written as it is.</summary>
    public bool IsPresent => _hasDeadline || _hasTrace;

    /// <summary>Writes the method id, then the header when there is one.</summary>
    public void Write(ref RompWriter writer, ushort methodId)
    {
        if (!IsPresent)
        {
            writer.WriteUInt16(methodId);
            return;
        }

        int stateLength = _hasTrace ? TraceParent.StateLength(_trace.TraceState) : 0;
        int length = (_hasDeadline ? 2 + DeadlineSize : 0) + (_hasTrace ? TraceParent.EntriesSize(stateLength) : 0);
        writer.WriteUInt16((ushort)(methodId | Present));
        writer.WriteUInt16((ushort)length);
        if (_hasDeadline)
        {
            writer.WriteByte(DeadlineTag);
            writer.WriteByte(DeadlineSize);
            writer.WriteUInt32(_deadlineMilliseconds);
        }

        if (_hasTrace)
            TraceParent.Write(ref writer, in _trace, stateLength);
    }

    /// <summary>Reads the header that follows a method id with <see cref="Present"/> set, ignoring any trace context.</summary>
    public static uint? Read(ref RompReader reader) => Read(ref reader, keepTrace: false, out _);

    /// <summary>
    /// Reads the header that follows a method id with <see cref="Present"/> set. Returns the deadline's milliseconds, or
    /// null when the header has none. A header or an entry that overruns what holds it, a deadline of another size than
    /// four bytes, or two deadlines, is <see cref="RompError.InvalidMessage"/>. The trace context is read only when
    /// <paramref name="keepTrace"/> (this side traces the calls it serves); one that does not validate is ignored, never
    /// an error, and so is a second one.
    /// </summary>
    public static uint? Read(ref RompReader reader, bool keepTrace, out TraceParent trace)
    {
        trace = default;
        if (reader.Remaining < 2)
            ThrowHelper.ThrowInvalidData("A call header's length is cut off.");
        int length = reader.ReadUInt16();
        if (length > reader.Remaining)
            ThrowHelper.ThrowInvalidData($"A call header of {length} bytes overruns the {reader.Remaining} bytes left in its payload.");

        uint? deadline = null;
        bool traceSeen = false, stateSeen = false;
        string? state = null;
        Span<byte> value = keepTrace ? stackalloc byte[byte.MaxValue] : default; // an entry's size is one byte
        while (length > 0)
        {
            if (length < 2)
                ThrowHelper.ThrowInvalidData("A call header entry is cut off.");
            byte tag = reader.ReadByte();
            int size = reader.ReadByte();
            length -= 2;
            if (size > length)
                ThrowHelper.ThrowInvalidData($"A call header entry (tag {tag}) of {size} bytes overruns the {length} bytes left in its header.");
            length -= size;
            if (tag == DeadlineTag)
            {
                if (size != DeadlineSize || deadline is not null)
                    ThrowHelper.ThrowInvalidData(size != DeadlineSize ? $"A call's deadline takes 4 bytes, not {size}." : "A call header has two deadlines.");
                deadline = reader.ReadUInt32();
            }
            else if (keepTrace && tag == TraceParent.Tag && !traceSeen)
            {
                traceSeen = true;
                reader.ReadRaw(value.Slice(0, size));
                TraceParent.TryParse(value.Slice(0, size), out trace);
            }
            else if (keepTrace && tag == TraceParent.StateTag && !stateSeen)
            {
                stateSeen = true;
                reader.ReadRaw(value.Slice(0, size));
                state = TraceParent.ParseState(value.Slice(0, size));
            }
            else
            {
                reader.Skip(size); // a later tag, or trace context nobody here wants: not this side's business
            }
        }

        if (trace.IsPresent && state is not null)
            trace = trace.WithState(state);
        return deadline;
    }
}
