using System.Diagnostics;

namespace Romp.Tests.Telemetry;

/// <summary>A call of each shape, to trace and measure; its methods report the span they run under.</summary>
[RompObject]
public interface ITraced
{
    ValueTask<int> AddAsync(int a, int b);

    /// <summary>Throws <see cref="InvalidOperationException"/> with <paramref name="message"/>.</summary>
    ValueTask FailAsync(string message);

    /// <summary>Throws a <see cref="RompException"/> with <see cref="RompError.AccessDenied"/>.</summary>
    ValueTask RefuseAsync();

    /// <summary>The trace id and the span id of the span current where the call runs; empty strings for none.</summary>
    ValueTask<(string TraceId, string SpanId)> CurrentSpanAsync();

    /// <summary>Calls <see cref="Traced.Downstream"/>'s <see cref="AddAsync"/> (another server's) from inside this call.</summary>
    ValueTask<int> NestedAsync(int a, int b);

    /// <summary>Calls <paramref name="callback"/> back over the same connection and wraps its answer.</summary>
    ValueTask<string> CallBackAsync(ITracedCallback callback, string text);

    [Oneway]
    void Tick(int n);

    /// <summary>Throws <see cref="InvalidOperationException"/>: nobody is told but the log and the metrics.</summary>
    [Oneway]
    void FailOneway(string message);

    [Oneway(Sync = true)]
    ValueTask TickSyncAsync(int n);

    IAsyncEnumerable<int> RangeAsync(int count);
}

/// <summary>What a caller passes to <see cref="ITraced.CallBackAsync"/>.</summary>
[RompObject]
public interface ITracedCallback
{
    ValueTask<string> TransformAsync(string text);
}

public sealed class Traced : ITraced
{
    private int _ticks;

    public int Ticks => Volatile.Read(ref _ticks);

    /// <summary>What <see cref="NestedAsync"/> calls: a proxy for another server's object.</summary>
    public ITraced? Downstream { get; set; }

    public ValueTask<int> AddAsync(int a, int b) => new(a + b);

    public ValueTask FailAsync(string message) => ValueTask.FromException(new InvalidOperationException(message));

    public ValueTask RefuseAsync() => ValueTask.FromException(new RompException(RompError.AccessDenied, "Not for you."));

    public ValueTask<(string TraceId, string SpanId)> CurrentSpanAsync() =>
        new(Activity.Current is { } span ? (span.TraceId.ToHexString(), span.SpanId.ToHexString()) : ("", ""));

    public ValueTask<int> NestedAsync(int a, int b) => (Downstream ?? throw new InvalidOperationException("No downstream.")).AddAsync(a, b);

    public async ValueTask<string> CallBackAsync(ITracedCallback callback, string text) => $"server({await callback.TransformAsync(text)})";

    public void Tick(int n) => Interlocked.Increment(ref _ticks);

    public void FailOneway(string message) => throw new InvalidOperationException(message);

    public ValueTask TickSyncAsync(int n)
    {
        Interlocked.Increment(ref _ticks);
        return default;
    }

    public async IAsyncEnumerable<int> RangeAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }
}

public sealed class UpperCallback : ITracedCallback
{
    public ValueTask<string> TransformAsync(string text) => new(text.ToUpperInvariant());
}
