using MemoryPack;

namespace Romp.MemoryPackTests.Contracts;

/// <summary>A MemoryPack record with a constructor, nested in <see cref="Order"/>.</summary>
[MemoryPackable]
public sealed partial record Line(string Sku, int Quantity, decimal Price);
