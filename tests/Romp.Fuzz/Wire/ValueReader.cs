using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Romp.Fuzz.Target;

namespace Romp.Fuzz.Wire;

/// <summary>
/// Reads values by docs/protocol.md §5 without the runtime's formatters: the oracle's decoder. Every read returns
/// false instead of throwing once the bytes break a rule, and nesting is counted as the spec counts it (a record or a
/// list is one level; 512 at most), so deep input is refused before it can recurse further. A record's members are
/// taken by id in any order (the last of a repeated one counts), unknown ones are skipped by their framing, and
/// missing ones stay at their defaults, exactly as the generated formatters read them.
/// </summary>
internal ref struct ValueReader
{
    private const int MaxDepth = 512;

    // The wire kinds of §5 the fuzz target's records use.
    private const byte Int32Kind = 0x0B, StringKind = 0x0F, RecordKind = 0x1F, SequenceKind = 0x2F;


    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _depth;

    public ValueReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _depth = 0;
    }

    public readonly bool AtEnd => _position == _data.Length;

    private readonly int Remaining => _data.Length - _position;

    public bool Byte(out byte value)
    {
        value = 0;
        if (Remaining < 1)
            return false;
        value = _data[_position++];
        return true;
    }

    public bool UInt16(out ushort value)
    {
        value = 0;
        if (Remaining < 2)
            return false;
        value = BinaryPrimitives.ReadUInt16LittleEndian(_data.Slice(_position));
        _position += 2;
        return true;
    }

    public bool Int32(out int value)
    {
        value = 0;
        if (Remaining < 4)
            return false;
        value = BinaryPrimitives.ReadInt32LittleEndian(_data.Slice(_position));
        _position += 4;
        return true;
    }

    public bool UInt32(out uint value)
    {
        bool ok = Int32(out int signed);
        value = (uint)signed;
        return ok;
    }

    public bool Int64(out long value)
    {
        value = 0;
        if (Remaining < 8)
            return false;
        value = BinaryPrimitives.ReadInt64LittleEndian(_data.Slice(_position));
        _position += 8;
        return true;
    }

    /// <summary>An int32 length or count: -1 is null, below that is malformed, and so is more than the bytes left.</summary>
    public bool Length(out int length) =>
        Int32(out length) && length >= -1 && length <= Remaining;

    public bool String(out string? text)
    {
        text = null;
        if (!Length(out int length))
            return false;
        if (length < 0)
            return true;
        ReadOnlySpan<byte> utf8 = _data.Slice(_position, length);
        if (!Utf8.IsValid(utf8))
            return false;
        text = Encoding.UTF8.GetString(utf8);
        _position += length;
        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes; false when fewer are left.</summary>
    public bool Skip(int count)
    {
        if (count < 0 || count > Remaining)
            return false;
        _position += count;
        return true;
    }

    public bool Bytes(out byte[]? data)
    {
        data = null;
        if (!Length(out int length))
            return false;
        if (length < 0)
            return true;
        data = _data.Slice(_position, length).ToArray();
        _position += length;
        return true;
    }

    public bool Ints(out List<int>? items)
    {
        items = null;
        if (!Length(out int count))
            return false;
        if (count < 0)
            return true;
        if (!Enter())
            return false;
        // The count is checked against the bytes left, so the capacity is bounded by the payload.
        items = new List<int>(Math.Min(count, Remaining / 4));
        for (int i = 0; i < count; i++)
        {
            if (!Int32(out int item))
                return false;
            items.Add(item);
        }

        _depth--;
        return true;
    }

    public bool Point(out Point? point)
    {
        point = null;
        if (!BeginRecord(out int end, out bool isNull))
            return false;
        if (isNull)
            return true;
        int x = 0, y = 0;
        while (_position < end)
        {
            if (!MemberKey(out ushort id, out byte kind))
                return false;
            bool ok = id switch
            {
                _ when id == DerivedIds.X => kind == Int32Kind && Int32(out x),
                _ when id == DerivedIds.Y => kind == Int32Kind && Int32(out y),
                _ => SkipMember(kind),
            };
            if (!ok)
                return false;
        }

        point = new Point(x, y);
        return EndRecord(end);
    }

    public bool Shape(out Shape? shape)
    {
        shape = null;
        if (!BeginRecord(out int end, out bool isNull))
            return false;
        if (isNull)
            return true;
        string? name = null;
        Point? origin = null;
        List<Point>? corners = null;
        while (_position < end)
        {
            if (!MemberKey(out ushort id, out byte kind))
                return false;
            bool ok = id switch
            {
                _ when id == DerivedIds.Name => kind == StringKind && String(out name),
                _ when id == DerivedIds.Origin => kind == RecordKind && Point(out origin),
                _ when id == DerivedIds.Corners => kind == SequenceKind && Delimited(ref this, out corners),
                _ => SkipMember(kind),
            };
            if (!ok)
                return false;
        }

        shape = new Shape(name, origin, corners);
        return EndRecord(end);

        static bool Delimited(ref ValueReader reader, out List<Point>? points)
        {
            points = null;
            if (!reader.Int32(out int length) || length < 0 || length > reader.Remaining)
                return false;
            int start = reader._position;
            return reader.Points(out points) && reader._position - start == length;
        }
    }

    public bool Chain(out Chain? chain)
    {
        chain = null;
        if (!BeginRecord(out int end, out bool isNull))
            return false;
        if (isNull)
            return true;
        int value = 0;
        Chain? next = null;
        while (_position < end)
        {
            if (!MemberKey(out ushort id, out byte kind))
                return false;
            // Recursion is bounded by Enter: at most 512 records deep.
            bool ok = id switch
            {
                _ when id == DerivedIds.Value => kind == Int32Kind && Int32(out value),
                _ when id == DerivedIds.Next => kind == RecordKind && Chain(out next),
                _ => SkipMember(kind),
            };
            if (!ok)
                return false;
        }

        chain = new Chain(value, next);
        return EndRecord(end);
    }

    /// <summary>A reference to an <see cref="IFuzzCallback"/> (§4.4): null, one the sender exports, or one coming home.</summary>
    public bool Callback(out bool present)
    {
        present = false;
        if (!Byte(out byte tag))
            return false;
        switch (tag)
        {
            case 0:
                return true;
            case 1:
                // A wrong contract id is answered with TypeGuardFailure: the method is not called.
                present = UInt32(out _) && Int64(out long contract) && (ulong)contract == IFuzzCallbackContract.Id;
                return present;
            case 2:
                // An object of the server's coming home: whether the server exported such an id is its business, so
                // the oracle lets it through (it may only accept more than the server, never less).
                present = UInt32(out _);
                return present;
            default:
                return false;
        }
    }

    private bool Points(out List<Point>? points)
    {
        points = null;
        if (!Length(out int count))
            return false;
        if (count < 0)
            return true;
        if (!Enter())
            return false;
        points = new List<Point>(Math.Min(count, 1024));
        for (int i = 0; i < count; i++)
        {
            if (!Point(out Point? point))
                return false;
            // A null element is legal in a list of records; the list's element type is oblivious to it.
            points.Add(point!);
        }

        _depth--;
        return true;
    }

    // A record (§5): an int32 length (-1 null), then members until the length is used up, each a key (uint16 id, byte
    // wire kind) and a value.
    private bool BeginRecord(out int end, out bool isNull)
    {
        end = 0;
        isNull = false;
        if (!Length(out int length))
            return false;
        if (length < 0)
        {
            isNull = true;
            return true;
        }

        if (!Enter())
            return false;
        end = _position + length;
        return true;
    }

    private bool MemberKey(out ushort id, out byte kind)
    {
        kind = 0;
        return UInt16(out id) && Byte(out kind);
    }

    /// <summary>A member this version does not know: skipped by the framing in its kind's low three bits.</summary>
    private bool SkipMember(byte kind)
    {
        switch (kind & 7)
        {
            case 0: return true;
            case 1: return Skip(1);
            case 2: return Skip(2);
            case 3: return Skip(4);
            case 4: return Skip(8);
            case 5: return Skip(10);
            case 6: return Skip(16);
            default:
                if (!Int32(out int length) || length < -1)
                    return false;
                return length < 0 || Skip(length);
        }
    }

    /// <summary>The members must end exactly where the record's length says.</summary>
    private bool EndRecord(int end)
    {
        if (_position != end)
            return false;
        _depth--;
        return true;
    }

    private bool Enter() => ++_depth <= MaxDepth;
}
