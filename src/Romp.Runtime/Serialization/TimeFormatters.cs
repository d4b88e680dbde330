namespace Romp.CompilerServices;

// Dates and times travel as ticks so that no precision is lost and no culture is involved.

// DateTime.ToBinary keeps the Kind (and, for local times, the offset it was taken at).
internal sealed class DateTimeFormatter : IRompFormatter<DateTime>
{
    public void Write(ref RompWriter writer, DateTime value) => writer.WriteInt64(value.ToBinary());

    // ToBinary of a UTC or unspecified time: the ticks in the low 62 bits, the kind (0 or 1) in the two above. Those
    // are decoded here, without the exception FromBinary throws for bad ticks; a local time (the top bit set) goes
    // through FromBinary, which applies the offset.
    private const long TicksMask = 0x3FFFFFFFFFFFFFFF;

    public DateTime Read(ref RompReader reader)
    {
        long binary = reader.ReadInt64();
        if (binary >= 0 && (ulong)(binary & TicksMask) <= (ulong)DateTime.MaxValue.Ticks)
            return new DateTime(binary & TicksMask, (DateTimeKind)(binary >> 62));
        return ReadLocal(binary);
    }

    private static DateTime ReadLocal(long binary)
    {
        try
        {
            return DateTime.FromBinary(binary);
        }
        catch (ArgumentException)
        {
            Internal.ThrowHelper.ThrowInvalidData($"{binary} is not a valid DateTime.");
            return default;
        }
    }
}

// UTC ticks then the offset in minutes, the way DateTimeOffset itself stores them.
internal sealed class DateTimeOffsetFormatter : IRompFormatter<DateTimeOffset>
{
    public void Write(ref RompWriter writer, DateTimeOffset value)
    {
        writer.WriteInt64(value.UtcTicks);
        writer.WriteInt16((short)value.TotalOffsetMinutes);
    }

    public DateTimeOffset Read(ref RompReader reader)
    {
        long utcTicks = reader.ReadInt64();
        short offsetMinutes = reader.ReadInt16();
        try
        {
            TimeSpan offset = TimeSpan.FromMinutes(offsetMinutes);
            return new DateTimeOffset(utcTicks + offset.Ticks, offset);
        }
        catch (ArgumentException)
        {
            Internal.ThrowHelper.ThrowInvalidData("The bytes do not form a valid DateTimeOffset.");
            return default;
        }
    }
}

internal sealed class TimeSpanFormatter : IRompFormatter<TimeSpan>
{
    public void Write(ref RompWriter writer, TimeSpan value) => writer.WriteInt64(value.Ticks);
    public TimeSpan Read(ref RompReader reader) => new(reader.ReadInt64());
}

internal sealed class DateOnlyFormatter : IRompFormatter<DateOnly>
{
    public void Write(ref RompWriter writer, DateOnly value) => writer.WriteInt32(value.DayNumber);

    public DateOnly Read(ref RompReader reader)
    {
        int day = reader.ReadInt32();
        if ((uint)day > (uint)DateOnly.MaxValue.DayNumber)
            Internal.ThrowHelper.ThrowInvalidData($"{day} is not a valid DateOnly day number.");
        return DateOnly.FromDayNumber(day);
    }
}

internal sealed class TimeOnlyFormatter : IRompFormatter<TimeOnly>
{
    public void Write(ref RompWriter writer, TimeOnly value) => writer.WriteInt64(value.Ticks);

    public TimeOnly Read(ref RompReader reader)
    {
        long ticks = reader.ReadInt64();
        if ((ulong)ticks > (ulong)TimeOnly.MaxValue.Ticks)
            Internal.ThrowHelper.ThrowInvalidData($"{ticks} is not a valid TimeOnly.");
        return new TimeOnly(ticks);
    }
}
