using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Romp.Fuzz.Target;

namespace Romp.Fuzz.Wire;

/// <summary>
/// Reads values by docs/protocol.md §5 without the runtime's formatters: the oracle's decoder. Every read returns
/// false instead of throwing once the bytes break a rule, and nesting is counted as the spec counts it (a record or a
/// list is one level; 512 at most), so deep input is refused before it can recurse further.
/// </summary>
internal ref struct ValueReader
{
    private const int MaxDepth = 512;

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
        if (!BeginRecord(out int end, out int members, out bool isNull))
            return false;
        if (isNull)
            return true;
        int x = 0, y = 0;
        if (members > 0 && !Int32(out x))
            return false;
        if (members > 1 && !Int32(out y))
            return false;
        point = new Point(x, y);
        return EndRecord(end);
    }

    public bool Shape(out Shape? shape)
    {
        shape = null;
        if (!BeginRecord(out int end, out int members, out bool isNull))
            return false;
        if (isNull)
            return true;
        string? name = null;
        Point? origin = null;
        List<Point>? corners = null;
        if (members > 0 && !String(out name))
            return false;
        if (members > 1 && !Point(out origin))
            return false;
        if (members > 2 && !Points(out corners))
            return false;
        shape = new Shape(name, origin, corners);
        return EndRecord(end);
    }

    public bool Chain(out Chain? chain)
    {
        chain = null;
        if (!BeginRecord(out int end, out int members, out bool isNull))
            return false;
        if (isNull)
            return true;
        int value = 0;
        Chain? next = null;
        if (members > 0 && !Int32(out value))
            return false;
        // Recursion is bounded by Enter: at most 512 records deep.
        if (members > 1 && !Chain(out next))
            return false;
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

    private bool BeginRecord(out int end, out int members, out bool isNull)
    {
        end = 0;
        members = 0;
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
        if (!UInt16(out ushort count))
            return false;
        members = count;
        return true;
    }

    /// <summary>Members must fit in the record's length; bytes after the known ones are a newer writer's, and skipped.</summary>
    private bool EndRecord(int end)
    {
        if (_position > end)
            return false;
        _position = end;
        _depth--;
        return true;
    }

    private bool Enter() => ++_depth <= MaxDepth;
}
