using System.Diagnostics;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// A quarter of a gigabyte each way over loopback TCP, generated as it is read and counted as it arrives: neither side
/// holds more than its window, so what the process allocates stays a small fraction of what crosses the wire.
/// (bench/Romp.Bench's "stream" scenario sends a whole gigabyte.)
/// </summary>
[TestFixture(Transports.Tcp, Category = "Socket")]
[CancelAfter(120_000)]
public sealed class LargeByteStreamTests(string transport) : ServerFixture(transport)
{
    private const long Size = 256L * 1024 * 1024;

    // Generous: the bytes themselves are 256 MiB, and a stream that buffered them would allocate at least that much.
    private const long AllocationBound = 24L * 1024 * 1024;

    private Transfer _transfer = null!;
    private ITransfer _remote = null!;

    [SetUp]
    public async Task BindAsync()
    {
        _transfer = new Transfer();
        Server.Bind<ITransfer>("transfer", _transfer);
        _remote = await Client.ResolveAsync<ITransfer>("transfer");
        // Warm up both directions: the first use JITs, fills the pools and sizes the pipes.
        await _remote.HashAsync(new GeneratedStream(4 * 1024 * 1024, 1));
        await using Stream warm = await _remote.ProduceAsync(4 * 1024 * 1024, 1);
        await warm.CopyToAsync(Stream.Null);
    }

    [Test]
    public async Task Upload_QuarterGigabyte_AllocatesLittleAndArrivesWhole(CancellationToken cancellationToken)
    {
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();

        long length = await _remote.CountAsync(new GeneratedStream(Size, seed: 21));

        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        TestContext.Out.WriteLine($"upload: {Size / (1024 * 1024)} MiB in {watch.Elapsed.TotalSeconds:0.00} s, {allocated / 1024} KiB allocated");
        Assert.That(length, Is.EqualTo(Size));
        Assert.That(allocated, Is.LessThan(AllocationBound));
    }

    [Test]
    public async Task Download_QuarterGigabyte_AllocatesLittleAndArrivesWhole(CancellationToken cancellationToken)
    {
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();

        await using Stream result = await _remote.ProduceAsync(Size, seed: 22);
        long length = await CountAsync(result, cancellationToken);

        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        TestContext.Out.WriteLine($"download: {Size / (1024 * 1024)} MiB in {watch.Elapsed.TotalSeconds:0.00} s, {allocated / 1024} KiB allocated");
        Assert.That(length, Is.EqualTo(Size));
        Assert.That(allocated, Is.LessThan(AllocationBound));
    }

    private static async Task<long> CountAsync(Stream stream, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            total += read;
        return total;
    }
}
