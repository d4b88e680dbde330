using System.Diagnostics;
using Romp.Fuzz.Target;

namespace Romp.Fuzz.Live;

/// <summary>
/// A well-behaved client on its own connection that keeps calling the server while it is fuzzed: every answer must be
/// right, and none may take longer than <see cref="MaxGap"/>. Its target is strict, so a canary call that reaches the
/// server corrupted is a finding too.
/// </summary>
internal sealed class Canary : IAsyncDisposable
{
    /// <summary>The longest the canary may go without an answer: generous, for a 2-core machine under a fuzzing load.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(10);

    // One call every few milliseconds keeps the canary's answers frequent without competing with the fuzzer for the cores.
    private static readonly TimeSpan s_period = TimeSpan.FromMilliseconds(5);

    private readonly RompClient _client;
    private readonly IFuzzTarget _target;
    private readonly FuzzFindings _findings;
    private readonly FuzzStats _stats;

    private Canary(RompClient client, IFuzzTarget target, FuzzFindings findings, FuzzStats stats)
    {
        _client = client;
        _target = target;
        _findings = findings;
        _stats = stats;
    }

    public const string TargetName = "canary";

    public static async Task<Canary> ConnectAsync(string endpoint, FuzzFindings findings, FuzzStats stats, CancellationToken cancellationToken)
    {
        RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken).ConfigureAwait(false);
        IFuzzTarget target = await client.ResolveAsync<IFuzzTarget>(TargetName, cancellationToken).ConfigureAwait(false);
        return new Canary(client, target, findings, stats);
    }

    /// <summary>Calls until <paramref name="stop"/> fires or <paramref name="maxCalls"/> calls were made.</summary>
    public async Task RunAsync(long maxCalls, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(s_period);
        long lastAnswer = Stopwatch.GetTimestamp();
        for (long i = 0; i < maxCalls && !stop.IsCancellationRequested; i++)
        {
            try
            {
                await CallAsync(i).WaitAsync(MaxGap).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                _findings.Report("canary-failed", $"canary call {i} failed: {error.GetType()}: {error.Message}");
                return;
            }

            TimeSpan gap = Stopwatch.GetElapsedTime(lastAnswer);
            lastAnswer = Stopwatch.GetTimestamp();
            if (gap > _stats.CanaryLongestGap)
                _stats.CanaryLongestGap = gap;
            Interlocked.Increment(ref _stats.CanaryCalls);
            try
            {
                await timer.WaitForNextTickAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One call of a kind that depends on <paramref name="i"/>: mostly AddAsync, sometimes a string, a stream or SYNC.</summary>
    public async Task CallAsync(long i)
    {
        int a = (int)i;
        switch (i % 20)
        {
            case 5:
            {
                string text = $"canary {i} ☃";
                string? echoed = await _target.EchoAsync(text, CallFingerprint.Echo(text)).ConfigureAwait(false);
                Expect(echoed == text, $"EchoAsync returned '{echoed}' for '{text}'");
                break;
            }
            case 10:
            {
                int expected = a, count = 0;
                await foreach (int item in _target.RangeAsync(a, 100, CallFingerprint.Range(a, 100)).ConfigureAwait(false))
                {
                    Expect(item == expected++, $"RangeAsync sent {item} where {expected - 1} was due");
                    count++;
                }

                Expect(count == 100, $"RangeAsync sent {count} items instead of 100");
                break;
            }
            case 15:
                await _client.SyncAsync().ConfigureAwait(false);
                break;
            default:
            {
                int sum = await _target.AddAsync(a, 7, CallFingerprint.Add(a, 7)).ConfigureAwait(false);
                Expect(sum == unchecked(a + 7), $"AddAsync({a}, 7) returned {sum}");
                break;
            }
        }
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static void Expect(bool condition, string failure)
    {
        if (!condition)
            throw new InvalidOperationException(failure);
    }
}
