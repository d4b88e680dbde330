using System.Buffers;
using Romp.CompilerServices;
using Romp.Tests.Support;

namespace Romp.Tests.Serialization;

/// <summary>The built-in formatters: exact wire bytes, round trips on every segmentation, and refusal of bad input.</summary>
public sealed class FormatterTests
{
    [Test]
    public void Int32_WritesFourLittleEndianBytes() =>
        Assert.That(RompSerializer.Serialize(0x01020304, RompFormatters.Int32), Is.EqualTo(new byte[] { 4, 3, 2, 1 }));

    [Test]
    public void String_WritesUtf8ByteLengthThenBytes() =>
        Assert.That(RompSerializer.Serialize("hé", RompFormatters.String), Is.EqualTo(new byte[] { 3, 0, 0, 0, (byte)'h', 0xC3, 0xA9 }));

    [Test]
    public void String_Null_WritesMinusOne() =>
        Assert.That(RompSerializer.Serialize<string?>(null, RompFormatters.String), Is.EqualTo(new byte[] { 255, 255, 255, 255 }));

    [Test]
    public void Scalars_RoundTripOnEverySegmentation()
    {
        RoundTrip(true, RompFormatters.Boolean);
        RoundTrip((byte)200, RompFormatters.Byte);
        RoundTrip((sbyte)-100, RompFormatters.SByte);
        RoundTrip((short)-12345, RompFormatters.Int16);
        RoundTrip((ushort)54321, RompFormatters.UInt16);
        RoundTrip(int.MinValue, RompFormatters.Int32);
        RoundTrip(uint.MaxValue, RompFormatters.UInt32);
        RoundTrip(long.MinValue, RompFormatters.Int64);
        RoundTrip(ulong.MaxValue, RompFormatters.UInt64);
        RoundTrip('✓', RompFormatters.Char);
        RoundTrip(3.25f, RompFormatters.Single);
        RoundTrip(Math.PI, RompFormatters.Double);
        RoundTrip((Half)1.5, RompFormatters.Half);
        RoundTrip(Int128.MinValue, RompFormatters.Int128);
        RoundTrip(UInt128.MaxValue, RompFormatters.UInt128);
        RoundTrip(-79228162514264337593543950335m, RompFormatters.Decimal);
        RoundTrip(0.0000001m, RompFormatters.Decimal);
        RoundTrip(Guid.NewGuid(), RompFormatters.Guid);
        RoundTrip(new DateTime(2026, 11, 22, 3, 4, 5, DateTimeKind.Utc), RompFormatters.DateTime);
        RoundTrip(new DateTimeOffset(2001, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-330)), RompFormatters.DateTimeOffset);
        RoundTrip(TimeSpan.FromTicks(-123456789), RompFormatters.TimeSpan);
        RoundTrip(new DateOnly(1999, 12, 31), RompFormatters.DateOnly);
        RoundTrip(new TimeOnly(23, 59, 59), RompFormatters.TimeOnly);
        RoundTrip("a longer string with ümlauts and emoji 🚀", RompFormatters.String);
    }

    [Test]
    public void DateTime_Kind_IsKept()
    {
        DateTime local = RoundTrip(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Local), RompFormatters.DateTime);

        Assert.That(local.Kind, Is.EqualTo(DateTimeKind.Local));
    }

    [Test]
    public void Collections_RoundTripOnEverySegmentation()
    {
        Assert.That(RoundTrip(new byte[] { 1, 2, 3 }, RompFormatters.ByteArray), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(RoundTrip(new[] { 1, -2, 3 }, new UnmanagedArrayFormatter<int>(RompFormatters.Int32)), Is.EqualTo(new[] { 1, -2, 3 }));
        Assert.That(RoundTrip(new[] { "a", null, "c" }, new ArrayFormatter<string?>(RompFormatters.String)), Is.EqualTo(new[] { "a", null, "c" }));
        Assert.That(RoundTrip(new List<int?> { 1, null }, new ListFormatter<int?>(new NullableFormatter<int>(RompFormatters.Int32))), Is.EqualTo(new List<int?> { 1, null }));
        Assert.That(RoundTrip<IReadOnlyList<long>?>(new long[] { 5, 6 }, new SequenceFormatter<IReadOnlyList<long>, long>(RompFormatters.Int64)), Is.EqualTo(new[] { 5L, 6L }));
        Assert.That(RoundTrip<IEnumerable<int>?>(Enumerable.Range(0, 4).Where(i => i > 0), new SequenceFormatter<IEnumerable<int>, int>(RompFormatters.Int32)), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(RoundTrip(new HashSet<string?> { "x", "y" }, new HashSetFormatter<HashSet<string?>, string?>(RompFormatters.String)), Is.EquivalentTo(new[] { "x", "y" }));
        var map = new Dictionary<string, int[]?> { ["a"] = [1], ["b"] = null };
        Assert.That(RoundTrip(map, new DictionaryFormatter<Dictionary<string, int[]?>, string, int[]?>(RompFormatters.String!, new UnmanagedArrayFormatter<int>(RompFormatters.Int32))), Is.EqualTo(map));
        Assert.That(RoundTrip((1, "two", 3.0), new ValueTupleFormatter<int, string?, double>(RompFormatters.Int32, RompFormatters.String, RompFormatters.Double)), Is.EqualTo((1, "two", 3.0)));
        Assert.That(RoundTrip(ConsoleColor.DarkCyan, EnumFormatter<ConsoleColor>.Instance), Is.EqualTo(ConsoleColor.DarkCyan));
        Assert.That(RoundTrip<ReadOnlyMemory<byte>>(new byte[] { 9, 8 }, RompFormatters.ReadOnlyMemory).ToArray(), Is.EqualTo(new byte[] { 9, 8 }));
    }

    [Test]
    public void Array_CountLargerThanPayload_RefusedBeforeAllocating()
    {
        // Claims a billion ints but carries none: must fail on the count check, not on an out-of-memory.
        byte[] bytes = [0x00, 0xCA, 0x9A, 0x3B];

        RompException? error = Assert.Throws<RompException>(() =>
            RompSerializer.Deserialize<int[]?>(bytes, new UnmanagedArrayFormatter<int>(RompFormatters.Int32)));

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
    }

    [Test]
    public void String_LengthLargerThanPayload_Refused() =>
        Assert.That(Assert.Throws<RompException>(() => RompSerializer.Deserialize<string?>(new byte[] { 100, 0, 0, 0, 65 }, RompFormatters.String))!.Error,
            Is.EqualTo(RompError.InvalidMessage));

    [Test]
    public void Boolean_ByteOtherThanZeroOrOne_Refused() =>
        Assert.That(Assert.Throws<RompException>(() => RompSerializer.Deserialize(new byte[] { 2 }, RompFormatters.Boolean))!.Error,
            Is.EqualTo(RompError.InvalidMessage));

    [Test]
    public void Dictionary_RepeatedKey_Refused()
    {
        byte[] bytes = [2, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0, 0];
        var formatter = new DictionaryFormatter<Dictionary<int, int>, int, int>(RompFormatters.Int32, RompFormatters.Int32);

        Assert.That(Assert.Throws<RompException>(() => RompSerializer.Deserialize(bytes, formatter))!.Error, Is.EqualTo(RompError.InvalidMessage));
    }

    [Test]
    public void Deserialize_TrailingBytes_Refused() =>
        Assert.That(Assert.Throws<RompException>(() => RompSerializer.Deserialize(new byte[] { 1, 0, 0, 0, 0 }, RompFormatters.Int32))!.Error,
            Is.EqualTo(RompError.InvalidMessage));

    [Test]
    public void Read_TruncatedAtEveryByte_RefusedCleanly()
    {
        var formatter = new ValueTupleFormatter<string?, long, Guid>(RompFormatters.String, RompFormatters.Int64, RompFormatters.Guid);
        byte[] bytes = RompSerializer.Serialize(("truncate me", 42L, Guid.NewGuid()), formatter);
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize<(string?, long, Guid)>(bytes.AsMemory(0, cut), formatter), $"cut at {cut}");
            Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
        }
    }

    [Test]
    public void Write_NestedDeeperThanLimit_FailsInsteadOfOverflowingTheStack()
    {
        IRompFormatter<List<object?>?> formatter = new ListFormatter<object?>(new SelfFormatter());
        var cycle = new List<object?>();
        cycle.Add(cycle);

        RompException? error = Assert.Throws<RompException>(() => RompSerializer.Serialize(cycle, formatter));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnsupportedType));
    }

    private static T RoundTrip<T>(T value, IRompFormatter<T> formatter)
    {
        byte[] bytes = RompSerializer.Serialize(value, formatter);
        T single = RompSerializer.Deserialize(bytes, formatter);
        T split = RompSerializer.Deserialize(Segments.Split(bytes), formatter);
        Assert.That(Comparable(split), Is.EqualTo(Comparable(single)), $"{typeof(T).Name} split at every byte");
        if (value is not System.Collections.IEnumerable)
            Assert.That(Comparable(single), Is.EqualTo(Comparable(value)), typeof(T).Name);
        return single;
    }

    // Memory<T> compares by reference; its bytes are what must round-trip.
    private static object? Comparable<T>(T value) => value is ReadOnlyMemory<byte> memory ? memory.ToArray() : value;


    // Writes a list element that is itself the list: a cycle the writer's depth limit must stop.
    private sealed class SelfFormatter : IRompFormatter<object?>
    {
        public void Write(ref RompWriter writer, object? value) =>
            new ListFormatter<object?>(this).Write(ref writer, (List<object?>?)value);

        public object? Read(ref RompReader reader) => throw new NotSupportedException();
    }
}
