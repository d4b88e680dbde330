namespace Romp.MemoryPackTests.Versioning;

/// <summary>
/// Compiled into the tests with version 1 of <see cref="Ticket"/> and into tests/Romp.MemoryPack.Peer with version 2:
/// the same contract, whose id names the type but not its members, so the two processes resolve each other.
/// </summary>
[RompObject]
public interface IVersionedDesk
{
    /// <summary>The name the peer binds the desk under.</summary>
    public const string Name = "desk";

    /// <summary>Which version of <see cref="Ticket"/> this side was built with.</summary>
    Task<int> VersionAsync();

    /// <summary>The contract id as this side's generated code has it.</summary>
    Task<ulong> ContractIdAsync();

    /// <summary>Every member of <paramref name="ticket"/> as this side read it.</summary>
    Task<string> DescribeAsync(Ticket ticket);

    /// <summary>A ticket with every member this side's version knows set, followed by <paramref name="check"/>.</summary>
    Task<(Ticket Ticket, int Check)> CreateAsync(int id, string title, int check);
}
