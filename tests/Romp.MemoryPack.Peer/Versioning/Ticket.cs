using MemoryPack;

namespace Romp.MemoryPackTests.Versioning;

/// <summary>Version 2 of the tests' <c>Ticket</c>: the same members, and <see cref="Assignee"/> added as member 2.</summary>
[MemoryPackable(GenerateType.VersionTolerant)]
public sealed partial class Ticket
{
    /// <summary>The version of this type that the peer is built with.</summary>
    public const int Version = 2;

    [MemoryPackOrder(0)]
    public int Id { get; set; }

    [MemoryPackOrder(1)]
    public string Title { get; set; } = "";

    [MemoryPackOrder(2)]
    public string? Assignee { get; set; }

    /// <summary>A ticket with every member this version knows set.</summary>
    public static Ticket Create(int id, string title) => new() { Id = id, Title = title, Assignee = "set by v2" };

    /// <summary>Every member this version knows, as DescribeAsync reports them.</summary>
    public string Describe() => $"v{Version}: Id={Id} Title={Title} Assignee={Assignee ?? "(none)"}";
}
