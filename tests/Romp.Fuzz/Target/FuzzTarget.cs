using System.Runtime.CompilerServices;

namespace Romp.Fuzz.Target;

/// <summary>
/// The server's <see cref="IFuzzTarget"/>: it does a little real work and reports every call to its
/// <see cref="CallMonitor"/>. It never throws, so an EXCEPTION with error Remote from it means the runtime itself failed.
/// </summary>
internal sealed class FuzzTarget(CallMonitor monitor) : IFuzzTarget
{
    /// <summary>The most items <see cref="RangeAsync"/> streams, whatever count it is asked for.</summary>
    public const int MaxRange = 1000;

    /// <summary>How long <see cref="CallBackAsync"/> waits for its callback: a fuzzing peer never answers.</summary>
    public static readonly TimeSpan CallbackTimeout = TimeSpan.FromSeconds(1);

    public CallMonitor Monitor => monitor;

    public ValueTask<int> AddAsync(int a, int b, long checksum)
    {
        monitor.Observe(nameof(AddAsync), CallFingerprint.Add(a, b), checksum, a, b);
        return new(unchecked(a + b));
    }

    public ValueTask<string?> EchoAsync(string? text, long checksum)
    {
        monitor.Observe(nameof(EchoAsync), CallFingerprint.Echo(text), checksum, text);
        return new(text);
    }

    public ValueTask<int> SumAsync(byte[]? data, long checksum)
    {
        monitor.Observe(nameof(SumAsync), CallFingerprint.Sum(data), checksum, data);
        if (data is null)
            return new(-1);
        int sum = 0;
        foreach (byte b in data)
            sum += b;
        return new(sum);
    }

    public ValueTask<int> CountAsync(List<int>? items, long checksum)
    {
        monitor.Observe(nameof(CountAsync), CallFingerprint.Count(items), checksum, items);
        return new(items?.Count ?? -1);
    }

    public ValueTask<Shape?> MoveAsync(Shape? shape, int dx, long checksum)
    {
        monitor.Observe(nameof(MoveAsync), CallFingerprint.Move(shape, dx), checksum, shape, dx);
        if (shape?.Origin is not { } origin)
            return new(shape);
        return new(shape with { Origin = origin with { X = unchecked(origin.X + dx) } });
    }

    public ValueTask<int> DepthAsync(Chain? chain, long checksum)
    {
        monitor.Observe(nameof(DepthAsync), CallFingerprint.Depth(chain), checksum);
        int depth = 0;
        for (Chain? link = chain; link is not null; link = link.Next)
            depth++;
        return new(depth);
    }

    public async ValueTask<int> CallBackAsync(IFuzzCallback? callback, int value, long checksum)
    {
        monitor.Observe(nameof(CallBackAsync), CallFingerprint.CallBack(callback is not null, value), checksum, callback, value);
        if (callback is null)
            return -1;
        Task<int> report = callback.ReportAsync(value).AsTask();
        try
        {
            return await report.WaitAsync(CallbackTimeout).ConfigureAwait(false);
        }
        catch (Exception error) when (error is RompException or TimeoutException)
        {
            // The peer is a fuzzer: it may never answer, or hang up first. Neither is this method's failure. A call given
            // up on fails later, when the connection closes; observe that, or it would count as an unobserved exception.
            _ = report.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return -1;
        }
    }

    public IAsyncEnumerable<int> RangeAsync(int start, int count, long checksum, CancellationToken cancellationToken = default)
    {
        // Observed here, not in the iterator: the method itself is user code, and is called before anything is enumerated.
        monitor.Observe(nameof(RangeAsync), CallFingerprint.Range(start, count), checksum, start, count);
        return Produce(start, Math.Clamp(count, 0, MaxRange), cancellationToken);
    }

    private static async IAsyncEnumerable<int> Produce(int start, int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int i = 0; i < count; i++)
        {
            if (cancellationToken.IsCancellationRequested)
                yield break;
            // Let the producer wait for credit like a real one would, instead of running the whole range synchronously.
            if (i % 64 == 63)
                await Task.Yield();
            yield return unchecked(start + i);
        }
    }

    public void Note(int value, long checksum) =>
        monitor.Observe(nameof(Note), CallFingerprint.Note(value), checksum, value);

    public ValueTask NoteSyncAsync(string? text, long checksum)
    {
        monitor.Observe(nameof(NoteSyncAsync), CallFingerprint.NoteSync(text), checksum, text);
        return ValueTask.CompletedTask;
    }
}
