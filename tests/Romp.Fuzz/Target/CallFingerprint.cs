namespace Romp.Fuzz.Target;

/// <summary>
/// A 64-bit FNV-1a hash of a call's decoded arguments. The client sends it as the checksum argument; the server side
/// computes it again from what it was handed. The oracle (<see cref="Wire.CallDecoder"/>) computes it from its own
/// decoding of the bytes, so both sides of the comparison share the hash but not the decoder.
/// </summary>
internal static class CallFingerprint
{
    public static long Add(int a, int b)
    {
        var h = new Hasher(FuzzMethods.Add);
        h.Int(a);
        h.Int(b);
        return h.Value;
    }

    public static long Echo(string? text)
    {
        var h = new Hasher(FuzzMethods.Echo);
        h.String(text);
        return h.Value;
    }

    public static long Sum(byte[]? data)
    {
        var h = new Hasher(FuzzMethods.Sum);
        h.Bytes(data);
        return h.Value;
    }

    public static long Count(List<int>? items)
    {
        var h = new Hasher(FuzzMethods.Count);
        h.Ints(items);
        return h.Value;
    }

    public static long Move(Shape? shape, int dx)
    {
        var h = new Hasher(FuzzMethods.Move);
        h.Shape(shape);
        h.Int(dx);
        return h.Value;
    }

    public static long Depth(Chain? chain)
    {
        var h = new Hasher(FuzzMethods.Depth);
        // Iterative: a chain is as deep as the wire allows (512), and hashing must not be the part that overflows.
        for (Chain? link = chain; link is not null; link = link.Next)
        {
            h.Present(true);
            h.Int(link.Value);
        }

        h.Present(false);
        return h.Value;
    }

    public static long CallBack(bool hasCallback, int value)
    {
        var h = new Hasher(FuzzMethods.CallBack);
        h.Present(hasCallback);
        h.Int(value);
        return h.Value;
    }

    public static long Range(int start, int count)
    {
        var h = new Hasher(FuzzMethods.Range);
        h.Int(start);
        h.Int(count);
        return h.Value;
    }

    public static long Note(int value)
    {
        var h = new Hasher(FuzzMethods.Note);
        h.Int(value);
        return h.Value;
    }

    public static long NoteSync(string? text)
    {
        var h = new Hasher(FuzzMethods.NoteSync);
        h.String(text);
        return h.Value;
    }

    /// <summary>What identifies one call: its arguments and the checksum that came with them, intact or not.</summary>
    public static long Seal(long arguments, long checksum)
    {
        var h = new Hasher(0);
        h.Long(arguments);
        h.Long(checksum);
        return h.Value;
    }

    private struct Hasher
    {
        private const ulong Offset = 14695981039346656037;
        private const ulong Prime = 1099511628211;
        private ulong _hash;

        public Hasher(ushort method)
        {
            _hash = Offset;
            Int(method);
        }

        public readonly long Value => unchecked((long)_hash);

        public void Byte(byte value) => _hash = unchecked((_hash ^ value) * Prime);

        public void Int(int value)
        {
            for (int shift = 0; shift < 32; shift += 8)
                Byte((byte)(value >> shift));
        }

        public void Long(long value)
        {
            Int((int)value);
            Int((int)(value >> 32));
        }

        public void Present(bool present) => Byte(present ? (byte)1 : (byte)0);

        public void String(string? text)
        {
            Present(text is not null);
            if (text is null)
                return;
            Int(text.Length);
            foreach (char c in text)
            {
                Byte((byte)c);
                Byte((byte)(c >> 8));
            }
        }

        public void Bytes(byte[]? data)
        {
            Present(data is not null);
            if (data is null)
                return;
            Int(data.Length);
            foreach (byte b in data)
                Byte(b);
        }

        public void Ints(List<int>? items)
        {
            Present(items is not null);
            if (items is null)
                return;
            Int(items.Count);
            foreach (int item in items)
                Int(item);
        }

        public void Point(Point? point)
        {
            Present(point is not null);
            if (point is null)
                return;
            Int(point.X);
            Int(point.Y);
        }

        public void Shape(Shape? shape)
        {
            Present(shape is not null);
            if (shape is null)
                return;
            String(shape.Name);
            Point(shape.Origin);
            Present(shape.Corners is not null);
            if (shape.Corners is null)
                return;
            Int(shape.Corners.Count);
            foreach (Point? corner in shape.Corners)
                Point(corner);
        }
    }
}
