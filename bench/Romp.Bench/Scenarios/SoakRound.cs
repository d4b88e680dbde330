namespace Romp.Bench.Scenarios;

/// <summary>
/// One round of the soak's mixed work on one proxy: roundtrip calls, one-way calls confirmed by a SYNC, a stream read
/// to its end and one left early, and references created, called once and released. Every answer is checked; a wrong
/// one throws <see cref="BenchFailedException"/>. What completed is added to the tally as it completes.
/// </summary>
internal static class SoakRound
{
    public const int Echoes = 32;
    public const int Oneways = 64;
    public const int References = 4;

    // Short enough to end within the round, long enough to span several credit windows.
    private const int StreamItems = 1_000;

    // Far more than is ever read: a stream left early must be stopped by its CANCEL, not by its end.
    private const int EndlessItems = 100_000_000;
    private const int ItemsBeforeLeaving = 100;

    // RompConnectionOptions.StreamWindow's default: the most items a producer may have sent ahead of the consumer.
    private const int DefaultStreamWindow = 64;

    /// <summary>
    /// Runs round <paramref name="round"/> on <paramref name="bench"/>. With <paramref name="onewaysOn"/>, also sends
    /// one-way calls and waits for that client's SYNC; without, sends none: on a connection that may be cut, a one-way
    /// in flight may or may not have run, and the tick count could not be checked exactly.
    /// </summary>
    public static async Task RunAsync(IBench bench, RompClient? onewaysOn, SoakTally tally, int round)
    {
        int first = unchecked(round * Echoes);
        for (int i = 0; i < Echoes; i++)
        {
            int value = unchecked(first + i);
            int echoed = await bench.EchoAsync(value).ConfigureAwait(false);
            if (echoed != value)
                throw new BenchFailedException($"EchoAsync({value}) returned {echoed}.");
        }

        tally.AddCalls(Echoes);

        if (onewaysOn is not null)
        {
            int sent = 0;
            try
            {
                for (; sent < Oneways; sent++)
                    bench.Tick(sent);
            }
            finally
            {
                tally.AddOneways(sent);
            }

            await onewaysOn.SyncAsync().ConfigureAwait(false);
        }

        await ReadStreamAsync(bench, tally).ConfigureAwait(false);
        if ((round & 1) == 0)
            await LeaveStreamByBreakAsync(bench, tally).ConfigureAwait(false);
        else
            await LeaveStreamByCancelAsync(bench, tally).ConfigureAwait(false);

        for (int i = 0; i < References; i++)
        {
            IBenchCounter counter = await bench.CreateAsync().ConfigureAwait(false);
            try
            {
                int count = await counter.IncrementAsync().ConfigureAwait(false);
                if (count != 1)
                    throw new BenchFailedException($"the first IncrementAsync on a new counter returned {count}.");
            }
            finally
            {
                ((IDisposable)counter).Dispose();
            }

            tally.AddReferences(1);
        }

        tally.AddRound();
    }

    private static async Task ReadStreamAsync(IBench bench, SoakTally tally)
    {
        int expected = 0;
        await foreach (int item in bench.StreamAsync(StreamItems).ConfigureAwait(false))
        {
            CheckItem(item, expected);
            expected++;
        }

        if (expected != StreamItems)
            throw new BenchFailedException($"the stream ended after {expected:N0} of {StreamItems:N0} items.");
        tally.AddStream(expected, cancelled: false);
    }

    // Leaving an await foreach disposes the enumerator, which sends CANCEL.
    private static async Task LeaveStreamByBreakAsync(IBench bench, SoakTally tally)
    {
        int read = 0;
        await foreach (int item in bench.StreamAsync(EndlessItems).ConfigureAwait(false))
        {
            CheckItem(item, read);
            if (++read == ItemsBeforeLeaving)
                break;
        }

        if (read != ItemsBeforeLeaving)
            throw new BenchFailedException($"the stream ended after {read:N0} items.");
        tally.AddStream(read, cancelled: true);
    }

    // The call's token, cancelled mid-stream: the items already granted may still come (as from a channel), then the
    // cancellation, and never more than the window.
    private static async Task LeaveStreamByCancelAsync(IBench bench, SoakTally tally)
    {
        using var cancel = new CancellationTokenSource();
        int read = 0;
        try
        {
            await foreach (int item in bench.StreamAsync(EndlessItems, cancel.Token).ConfigureAwait(false))
            {
                CheckItem(item, read);
                if (++read == ItemsBeforeLeaving)
                    cancel.Cancel();
                else if (read > ItemsBeforeLeaving + DefaultStreamWindow)
                    throw new BenchFailedException($"a stream went on for {read - ItemsBeforeLeaving:N0} items after its token was cancelled.");
            }

            throw new BenchFailedException($"a stream ended by itself after {read:N0} items although its token was cancelled.");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            tally.AddStream(read, cancelled: true);
        }
    }

    private static void CheckItem(int item, int expected)
    {
        if (item != expected)
            throw new BenchFailedException($"item {expected:N0} of a stream was {item:N0}.");
    }
}
