using Romp.Rpc;
using Romp.CompilerServices;
using Romp.Tests.Contracts;

namespace Romp.Tests.Support;

/// <summary>
/// A frame body that exercises every way a formatter patches bytes it already wrote: the length prefixes of a generated
/// [RompSerializable] formatter nested inside each other (an order and its lines), a dictionary's count prefix, and a
/// lazy sequence whose count is filled in only after it was enumerated, with strings large enough that the writer's
/// span has to grow several times while those prefixes are still open.
/// </summary>
public readonly struct Catalogue(Order order, Dictionary<string, List<string?>> index, IEnumerable<string?> lazy, string text) : IRompArgs
{
    private static readonly IRompFormatter<Dictionary<string, List<string?>>?> s_index =
        new DictionaryFormatter<Dictionary<string, List<string?>>, string, List<string?>>(RompFormatters.String!, new ListFormatter<string?>(RompFormatters.String)!);

    public static readonly IRompFormatter<IEnumerable<string?>?> Lazy = new SequenceFormatter<IEnumerable<string?>, string?>(RompFormatters.String);

    public Order Order => order;

    public Dictionary<string, List<string?>> Index => index;

    public string Text => text;

    public void Write(ref RompWriter writer)
    {
        OrderFormatter.Instance.Write(ref writer, order);
        s_index.Write(ref writer, index);
        Lazy.Write(ref writer, lazy);
        RompFormatters.String.Write(ref writer, text);
    }

    /// <summary>Reads back what <see cref="Write"/> wrote; the lazy sequence comes back as a list.</summary>
    public static (Order? Order, Dictionary<string, List<string?>>? Index, IEnumerable<string?>? Lazy, string? Text) Read(ref RompReader reader) =>
        (OrderFormatter.Instance.Read(ref reader), s_index.Read(ref reader), Lazy.Read(ref reader), RompFormatters.String.Read(ref reader));

    /// <summary>A catalogue of about <paramref name="scale"/> × 10 KB, different for each <paramref name="seed"/>.</summary>
    public static Catalogue Create(int seed, int scale = 1)
    {
        var order = new Order
        {
            Id = seed,
            Customer = new string((char)('a' + seed % 26), 3_000 * scale),
            Lines = Enumerable.Range(0, 3).Select(i => new OrderLine(new string('p', 500 * (i + 1) * scale) + seed, i + 1, 9.99m * i)).ToList(),
            Tags = new Dictionary<string, string> { ["gift"] = "yes", ["note"] = new string('n', 700 * scale) },
            Placed = new DateTimeOffset(2026, 12, 1, 10, 0, seed % 60, TimeSpan.FromHours(1)),
            Reference = new Guid(seed, 2, 3, [4, 5, 6, 7, 8, 9, 10, 11]),
            Range = (seed, seed + 10),
            Priority = seed % 2 == 0 ? null : seed,
            Status = Status.Shipped,
        };
        var index = new Dictionary<string, List<string?>>
        {
            ["empty"] = [],
            ["mixed"] = ["x", null, new string('m', 1_500 * scale)],
        };
        return new Catalogue(order, index, Words(seed, 40 * scale), new string('t', 2_000 * scale) + "ü✓🚀");
    }

    /// <summary>A lazy sequence (no Count), so the formatter must patch its count prefix after enumerating.</summary>
    public static IEnumerable<string?> Words(int seed, int count)
    {
        for (int i = 0; i < count; i++)
            yield return i % 7 == 3 ? null : $"word{seed}-{i}-" + new string('w', i * 5);
    }

    /// <summary>Asserts that <paramref name="read"/> is what this catalogue wrote.</summary>
    public void AssertReadBack((Order? Order, Dictionary<string, List<string?>>? Index, IEnumerable<string?>? Lazy, string? Text) read, int seed, int scale = 1)
    {
        Orders.AssertEqual(read.Order, order);
        Assert.That(read.Index, Is.EqualTo(index));
        Assert.That(read.Lazy, Is.EqualTo(Words(seed, 40 * scale).ToList()));
        Assert.That(read.Text, Is.EqualTo(text));
    }
}

/// <summary>Compares <see cref="Order"/>s member by member (the class has no equality of its own).</summary>
public static class Orders
{
    public static void AssertEqual(Order? actual, Order expected)
    {
        Assert.That(actual, Is.Not.Null);
        Assert.That(actual!.Id, Is.EqualTo(expected.Id));
        Assert.That(actual.Customer, Is.EqualTo(expected.Customer));
        Assert.That(actual.Lines, Is.EqualTo(expected.Lines));
        Assert.That(actual.Tags, Is.EqualTo(expected.Tags));
        Assert.That(actual.Placed, Is.EqualTo(expected.Placed));
        Assert.That(actual.Reference, Is.EqualTo(expected.Reference));
        Assert.That(actual.Range, Is.EqualTo(expected.Range));
        Assert.That(actual.Priority, Is.EqualTo(expected.Priority));
        Assert.That(actual.Status, Is.EqualTo(expected.Status));
    }
}
