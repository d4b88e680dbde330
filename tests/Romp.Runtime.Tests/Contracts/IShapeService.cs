namespace Romp.Tests.Contracts;

/// <summary>A mood with a signed, short underlying type: the codec must read and write two bytes, and a negative value.</summary>
public enum Mood : short
{
    Calm = 1,
    Angry = -3,
}

/// <summary>A recursive record: its describe metadata refers to itself by name.</summary>
[RompSerializable]
public sealed record Sample(string Sensor, double Value, Mood Mood, List<Sample>? Children);

/// <summary>A struct record: never null on the wire.</summary>
[RompSerializable]
public record struct Window(int Start, int Length);

/// <summary>Every kind of value the describe metadata and the JSON codec know, for the describe, codec and romp tool tests.</summary>
[RompObject]
public interface IShapeService
{
    ValueTask<int> AddAsync(int a, int b);

    ValueTask<string?> EchoAsync(string? text);

    ValueTask<Sample> EchoSampleAsync(Sample sample);

    ValueTask<Dictionary<string, List<int>>> GroupAsync(int[] values, HashSet<string> names);

    ValueTask<(long, bool?, Mood)> TupleAsync((long, bool?, Mood) value);

    ValueTask<Window[]> WindowsAsync(List<Window> windows);

    ValueTask<DateTimeOffset> TimesAsync(DateTime a, DateTimeOffset b, TimeSpan c, DateOnly d, TimeOnly e, Guid f);

    ValueTask<string> NumbersAsync(byte a, sbyte b, short c, ushort d, uint e, long f, ulong g, float h, double i, decimal j, Half k, Int128 l, UInt128 m, char n, bool o, byte[]? p);

    ValueTask<Dictionary<Mood, Window?>> MoodsAsync(Dictionary<Window, Mood> byWindow);

    [Oneway]
    void Tick(int n);

    ValueTask<int> TicksAsync();

    IAsyncEnumerable<int> CountAsync(int n);

    ValueTask<ICounter> CounterAsync();

    int this[string key] { [Idempotent] get; }

    ValueTask FailAsync(string message);

    ValueTask<string> Join(string a, string b);

    ValueTask<string> Join(int a, int b);
}

public sealed class ShapeService : IShapeService
{
    private int _ticks;

    public ValueTask<int> AddAsync(int a, int b) => new(a + b);

    public ValueTask<string?> EchoAsync(string? text) => new(text);

    public ValueTask<Sample> EchoSampleAsync(Sample sample) => new(sample);

    public ValueTask<Dictionary<string, List<int>>> GroupAsync(int[] values, HashSet<string> names)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (string name in names.Order(StringComparer.Ordinal))
            groups[name] = [.. values];
        return new(groups);
    }

    public ValueTask<(long, bool?, Mood)> TupleAsync((long, bool?, Mood) value) => new(value);

    public ValueTask<Window[]> WindowsAsync(List<Window> windows) => new([.. windows]);

    public ValueTask<DateTimeOffset> TimesAsync(DateTime a, DateTimeOffset b, TimeSpan c, DateOnly d, TimeOnly e, Guid f) => new(b + c);

    public ValueTask<string> NumbersAsync(byte a, sbyte b, short c, ushort d, uint e, long f, ulong g, float h, double i, decimal j, Half k, Int128 l, UInt128 m, char n, bool o, byte[]? p) =>
        new(string.Join("|", a, b, c, d, e, f, g, h.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            j.ToString(System.Globalization.CultureInfo.InvariantCulture), ((float)k).ToString(System.Globalization.CultureInfo.InvariantCulture), l, m, n, o, p is null ? "null" : Convert.ToHexString(p)));

    public ValueTask<Dictionary<Mood, Window?>> MoodsAsync(Dictionary<Window, Mood> byWindow)
    {
        var moods = new Dictionary<Mood, Window?>();
        foreach ((Window window, Mood mood) in byWindow)
            moods[mood] = window;
        return new(moods);
    }

    public void Tick(int n) => Interlocked.Add(ref _ticks, n);

    public ValueTask<int> TicksAsync() => new(Volatile.Read(ref _ticks));

    public async IAsyncEnumerable<int> CountAsync(int n)
    {
        for (int i = 0; i < n; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }

    public ValueTask<ICounter> CounterAsync() => new(new Counter("shape"));

    public int this[string key] => key.Length;

    public ValueTask FailAsync(string message) => throw new InvalidOperationException(message);

    public ValueTask<string> Join(string a, string b) => new("text:" + a + b);

    public ValueTask<string> Join(int a, int b) => new("numbers:" + (a + b).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
