namespace Romp.Tests.Contracts;

/// <summary>IProgress&lt;T&gt; parameters: reports that reach the caller during the call, and after it.</summary>
[RompObject]
public interface IJobs
{
    /// <summary>Reports 1 to <paramref name="steps"/>, then returns <paramref name="steps"/>.</summary>
    ValueTask<int> RunAsync(int steps, IProgress<int> progress);

    /// <summary>Reports as fast as it can, from several threads at once when <paramref name="threads"/> is more than 1.</summary>
    ValueTask<int> FloodAsync(int count, int threads, IProgress<JobStep> progress);

    /// <summary>Keeps the progress object past the call.</summary>
    ValueTask KeepAsync(IProgress<int> progress);

    /// <summary>Reports on the kept progress object after its call ended; returns whether Report threw.</summary>
    ValueTask<string> ReportOnKeptAsync(int value);

    /// <summary>Reports <paramref name="steps"/> times, then throws.</summary>
    ValueTask FailAfterAsync(int steps, IProgress<string> progress);

    /// <summary>A stream method with progress: items and reports interleave, the reports all before the stream's end.</summary>
    IAsyncEnumerable<int> CountAsync(int count, IProgress<int> progress);

    /// <summary>A synchronous method with progress.</summary>
    int Run(int steps, IProgress<int> progress);

    /// <summary>Whether a null progress arrived as null.</summary>
    ValueTask<bool> IsNullAsync(IProgress<int>? progress);
}

[RompSerializable]
public sealed record JobStep(int Number, string Note);

public sealed class Jobs : IJobs
{
    private IProgress<int>? _kept;
    private int _reported;

    /// <summary>How many reports FloodAsync has made whose Report call returned.</summary>
    public int Reported => Volatile.Read(ref _reported);

    public ValueTask<int> RunAsync(int steps, IProgress<int> progress)
    {
        for (int i = 1; i <= steps; i++)
            progress.Report(i);
        return new(steps);
    }

    public async ValueTask<int> FloodAsync(int count, int threads, IProgress<JobStep> progress)
    {
        int next = 0;
        await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) <= count)
            {
                progress.Report(new JobStep(n, "step " + n));
                Interlocked.Increment(ref _reported);
            }
        })));
        return count;
    }

    public ValueTask KeepAsync(IProgress<int> progress)
    {
        _kept = progress;
        return default;
    }

    public ValueTask<string> ReportOnKeptAsync(int value)
    {
        try
        {
            _kept!.Report(value);
            return new("dropped");
        }
        catch (Exception error)
        {
            return new(error.GetType().Name);
        }
    }

    public ValueTask FailAfterAsync(int steps, IProgress<string> progress)
    {
        for (int i = 1; i <= steps; i++)
            progress.Report("step " + i);
        throw new InvalidOperationException("The job failed after " + steps + " steps.");
    }

    public async IAsyncEnumerable<int> CountAsync(int count, IProgress<int> progress)
    {
        for (int i = 1; i <= count; i++)
        {
            progress.Report(-i);
            await Task.Yield();
            yield return i;
        }
    }

    public int Run(int steps, IProgress<int> progress)
    {
        for (int i = 1; i <= steps; i++)
            progress.Report(i);
        return steps;
    }

    public ValueTask<bool> IsNullAsync(IProgress<int>? progress) => new(progress is null);
}
