using MemoryPack;

namespace Romp.Benchmarks;

// The benchmarks' DTOs carry both attributes: Romp's generator writes a formatter for [RompSerializable] (and takes it
// over MemoryPack in contracts), MemoryPack's generator writes its own, so both serializers handle the same objects.

/// <summary>A small record: a few numbers, a short string, a date.</summary>
[RompSerializable]
[MemoryPackable]
public sealed partial record Small(int Id, string Name, double Price, long Stock, bool Active, DateTime Created)
{
    public static Small Sample(int i) => new(i, "item-" + i, 9.99 + i, 1_000L * i, i % 2 == 0, new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i));
}

/// <summary>A record with a list of 100 small records.</summary>
[RompSerializable]
[MemoryPackable]
public sealed partial record Basket(int Id, string Owner, List<Small> Items)
{
    public static Basket Sample() => new(7, "owner", Enumerable.Range(0, 100).Select(Small.Sample).ToList());
}

/// <summary>An object that is mostly strings: ASCII, accented Latin and CJK text of several lengths, and a list of tags.</summary>
[RompSerializable]
[MemoryPackable]
public sealed partial class Document
{
    public string Title { get; set; } = "";

    public string Author { get; set; } = "";

    public string Summary { get; set; } = "";

    public string Body { get; set; } = "";

    public string Translated { get; set; } = "";

    public string? Note { get; set; }

    public List<string> Tags { get; set; } = [];

    public static Document Sample() => new()
    {
        Title = "Typed remote objects for .NET",
        Author = "Renée Ångström",
        Summary = string.Concat(Enumerable.Repeat("A short summary of the document. ", 6)),
        Body = string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 60)),
        Translated = string.Concat(Enumerable.Repeat("型付きリモートオブジェクト、ñandú y café. ", 20)),
        Note = null,
        Tags = Enumerable.Range(0, 20).Select(static i => "tag-" + i).ToList(),
    };
}
