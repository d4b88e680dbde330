using MemoryPack;

namespace Romp.MemoryPackTests.Versioning;

/// <summary>
/// Version 1 of a version-tolerant MemoryPack type; tests/Romp.MemoryPack.Peer has version 2, which adds
/// <c>Assignee</c> as member 2.
/// </summary>
[MemoryPackable(GenerateType.VersionTolerant)]
public sealed partial class Ticket
{
    /// <summary>The version of this type that the tests are built with.</summary>
    public const int Version = 1;

    [MemoryPackOrder(0)]
    public int Id { get; set; }

    [MemoryPackOrder(1)]
    public string Title { get; set; } = "";

    /// <summary>A ticket with every member this version knows set.</summary>
    public static Ticket Create(int id, string title) => new() { Id = id, Title = title };

    /// <summary>Every member this version knows, as DescribeAsync reports them.</summary>
    public string Describe() => $"v{Version}: Id={Id} Title={Title}";
}
