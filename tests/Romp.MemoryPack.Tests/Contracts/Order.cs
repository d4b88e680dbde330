using MemoryPack;

namespace Romp.MemoryPackTests.Contracts;

/// <summary>A MemoryPack class with nested MemoryPack values, a list and a nullable member.</summary>
[MemoryPackable]
public sealed partial class Order
{
    public int Id { get; set; }

    public string Customer { get; set; } = "";

    public List<Line> Lines { get; set; } = [];

    public DateTime? Shipped { get; set; }

    public static Order Sample(int id, int extraLines = 0) => new()
    {
        Id = id,
        Customer = "customer " + id,
        Lines = [new Line("sku-" + id, id % 7 + 1, 9.99m), new Line("sku-ü", 2, 0.5m), .. Enumerable.Range(0, extraLines).Select(static n => new Line("extra-" + n, n, n))],
        Shipped = id % 2 == 0 ? new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc).AddDays(id) : null,
    };

    public string Describe() =>
        $"{Id} {Customer} [{string.Join(", ", Lines)}] {Shipped?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
}
