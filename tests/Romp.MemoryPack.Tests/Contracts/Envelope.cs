namespace Romp.MemoryPackTests.Contracts;

/// <summary>A [RompSerializable] record with MemoryPack members, written by Romp's own formatter around MemoryPack's bytes.</summary>
[RompSerializable]
public sealed record Envelope(string Label, Order? Order, Point At, List<Order> Extra);
