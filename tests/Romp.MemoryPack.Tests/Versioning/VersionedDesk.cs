using Romp.CompilerServices;

namespace Romp.MemoryPackTests.Versioning;

/// <summary>The desk, compiled on each side against that side's <see cref="Ticket"/>.</summary>
public sealed class VersionedDesk : IVersionedDesk
{
    public Task<int> VersionAsync() => Task.FromResult(Ticket.Version);

    public Task<ulong> ContractIdAsync() => Task.FromResult(RompContracts.Find<IVersionedDesk>()!.Id);

    public Task<string> DescribeAsync(Ticket ticket) => Task.FromResult(ticket.Describe());

    public Task<(Ticket Ticket, int Check)> CreateAsync(int id, string title, int check) =>
        Task.FromResult((Ticket.Create(id, title), check));
}
