using System.Buffers.Binary;
using Romp.CompilerServices;

namespace Romp.Tests.Serialization;

/// <summary>
/// The DateTime formatter decodes UTC and unspecified times itself and local ones through DateTime.FromBinary: every
/// kind must read as FromBinary reads it, and UTC or unspecified ticks out of range must be InvalidMessage, as
/// FromBinary's ArgumentException was.
/// </summary>
[TestFixture]
public sealed class DateTimeFormatterTests
{
    private static IEnumerable<DateTime> Times()
    {
        foreach (DateTimeKind kind in new[] { DateTimeKind.Utc, DateTimeKind.Unspecified, DateTimeKind.Local })
        {
            yield return new DateTime(2024, 5, 1, 12, 30, 15, kind).AddTicks(1234567);
            yield return DateTime.SpecifyKind(DateTime.MinValue.AddDays(1), kind);
            yield return DateTime.SpecifyKind(DateTime.MaxValue.AddDays(-1), kind);
        }

        yield return DateTime.MinValue;
        yield return DateTime.MaxValue;
        yield return DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc);
    }

    [TestCaseSource(nameof(Times))]
    public void Read_EveryKind_IsWhatFromBinaryReads(DateTime time)
    {
        byte[] bytes = RompSerializer.Serialize(time, RompFormatters.DateTime);

        DateTime read = RompSerializer.Deserialize(bytes, RompFormatters.DateTime);

        DateTime expected = DateTime.FromBinary(BinaryPrimitives.ReadInt64LittleEndian(bytes));
        Assert.That((read.Ticks, read.Kind), Is.EqualTo((expected.Ticks, expected.Kind)));
    }

    [TestCase(0x3FFFFFFFFFFFFFFFL)]                      // unspecified, ticks past MaxValue
    [TestCase(0x7FFFFFFFFFFFFFFFL)]                      // UTC, ticks past MaxValue
    public void Read_TicksOutOfRange_IsInvalidMessage(long binary)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, binary);

        RompException error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(bytes, RompFormatters.DateTime))!;
        Assert.That(error.Error, Is.EqualTo(RompError.InvalidMessage));
    }
}
