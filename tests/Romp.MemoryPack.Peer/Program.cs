using Romp;
using Romp.MemoryPackTests.Versioning;

// A Romp peer on this process's standard streams, serving the versioned desk with version 2 of Ticket. Standard output
// carries the protocol, so diagnostics go to standard error. It ends when the connection does, and the connection ends
// when the parent closes it or dies (standard input ends), so the peer never outlives its test.
await using RompConnection parent = RompConnection.Create(Console.OpenStandardInput(), Console.OpenStandardOutput());
parent.Bind<IVersionedDesk>(IVersionedDesk.Name, new VersionedDesk());
await parent.StartAsync();
await parent.Completion;

RompException? reason = parent.CloseReason;
if (reason?.Error == RompError.ClosedConnection)
    return 0;
Console.Error.WriteLine($"romp-memorypack-peer: the connection ended abnormally ({reason?.Error}): {reason?.Message}");
return 2;
