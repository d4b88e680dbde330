using Romp.Internal;

namespace Romp.Protocol;

/// <summary>
/// The optional header of a call payload (docs/protocol.md §4.1): after the method id, when its top bit is set, a uint16
/// length and then entries of (tag byte, length byte, value). Tag 1 is the deadline, uint32 milliseconds left when
/// sent; a reader skips tags it does not know. Sent only to a peer whose hello has <see cref="HelloFlags.CallHeaders"/>.
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

    public CallHeader(uint deadlineMilliseconds)
    {
        _deadlineMilliseconds = deadlineMilliseconds;
        _hasDeadline = true;
    }

    /// <summary>False for the default value: no header, and the method id is written as it is.</summary>
    public bool IsPresent => _hasDeadline;

    /// <summary>Writes the method id, then the header when there is one.</summary>
    public void Write(ref RompWriter writer, ushort methodId)
    {
        if (!_hasDeadline)
        {
            writer.WriteUInt16(methodId);
            return;
        }

        writer.WriteUInt16((ushort)(methodId | Present));
        writer.WriteUInt16(2 + DeadlineSize);
        writer.WriteByte(DeadlineTag);
        writer.WriteByte(DeadlineSize);
        writer.WriteUInt32(_deadlineMilliseconds);
    }

    /// <summary>
    /// Reads the header that follows a method id with <see cref="Present"/> set. Returns the deadline's milliseconds, or
    /// null when the header has none. A header or an entry that overruns what holds it, a deadline of another size than
    /// four bytes, or two deadlines, is <see cref="RompError.InvalidMessage"/>.
    /// </summary>
    public static uint? Read(ref RompReader reader)
    {
        if (reader.Remaining < 2)
            ThrowHelper.ThrowInvalidData("A call header's length is cut off.");
        int length = reader.ReadUInt16();
        if (length > reader.Remaining)
            ThrowHelper.ThrowInvalidData($"A call header of {length} bytes overruns the {reader.Remaining} bytes left in its payload.");

        uint? deadline = null;
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
            if (tag != DeadlineTag)
            {
                reader.Skip(size); // a later tag (trace context, say): not this side's business
                continue;
            }

            if (size != DeadlineSize || deadline is not null)
                ThrowHelper.ThrowInvalidData(size != DeadlineSize ? $"A call's deadline takes 4 bytes, not {size}." : "A call header has two deadlines.");
            deadline = reader.ReadUInt32();
        }

        return deadline;
    }
}
