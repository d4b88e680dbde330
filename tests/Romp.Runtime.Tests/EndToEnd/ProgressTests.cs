using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// IProgress&lt;T&gt; parameters end to end: the callee's reports reach the caller's progress object in order, all of
/// them before the call's answer, never more than a window of them unanswered, and none after the call.
/// </summary>
[TestFixture(Transports.Tcp, Category = "Socket")]
[TestFixture(Transports.Inproc)]
[CancelAfter(30_000)]
public sealed class ProgressTests(string transport) : ServerFixture(transport)
{
    private Jobs _jobs = null!;
    private IJobs _remote = null!;

    [SetUp]
    public async Task BindAsync()
    {
        _jobs = new Jobs();
        Server.Bind<IJobs>("jobs", _jobs);
        _remote = await Client.ResolveAsync<IJobs>("jobs");
    }

    [Test]
    public async Task Run_ReportsArriveInOrder_AllBeforeTheResult(CancellationToken cancellationToken)
    {
        var progress = new Recorder<int>();

        int result = await _remote.RunAsync(500, progress);

        // Read at once: every report was delivered before the answer was even sent.
        Assert.That(progress.Values, Is.EqualTo(Enumerable.Range(1, 500)));
        Assert.That(result, Is.EqualTo(500));
    }

    [Test]
    public async Task Flood_OneReporter_EveryRecordArrivesInOrder(CancellationToken cancellationToken)
    {
        var progress = new Recorder<JobStep>();

        await _remote.FloodAsync(10_000, threads: 1, progress);

        Assert.That(progress.Values, Is.EqualTo(Enumerable.Range(1, 10_000).Select(static n => new JobStep(n, "step " + n))));
    }

    [Test]
    public async Task Flood_FourReporters_EveryReportArrivesOnce(CancellationToken cancellationToken)
    {
        var progress = new Recorder<JobStep>();

        await _remote.FloodAsync(5_000, threads: 4, progress);

        Assert.That(progress.Values.Select(static s => s.Number).Order(), Is.EqualTo(Enumerable.Range(1, 5_000)));
    }

    [Test]
    public async Task SlowCallerProgress_HoldsTheReporterAtTheWindow(CancellationToken cancellationToken)
    {
        using var gate = new ManualResetEventSlim();
        var progress = new Recorder<JobStep>(onFirst: gate.Wait);
        Task<int> call = _remote.FloodAsync(1_000, threads: 1, progress).AsTask();

        // The first report blocks the caller's object; the callee may send a window of them, then its Report waits.
        await WaitUntilAsync(() => _jobs.Reported >= Romp.Rpc.ProgressReporter.MaxInFlight, cancellationToken);
        await Task.Delay(300, cancellationToken); // room to overrun the window, if it were not held
        int reported = _jobs.Reported;
        int received = progress.Received;
        gate.Set();

        Assert.That(await call.WaitAsync(cancellationToken), Is.EqualTo(1_000));
        Assert.That(reported, Is.EqualTo(Romp.Rpc.ProgressReporter.MaxInFlight), "reports beyond the window wait for the caller");
        Assert.That(received, Is.EqualTo(1), "the caller's object runs reports one at a time");
        Assert.That(progress.Values, Is.EqualTo(Enumerable.Range(1, 1_000).Select(static n => new JobStep(n, "step " + n))));
    }

    [Test]
    public async Task ReportAfterTheCall_IsDropped(CancellationToken cancellationToken)
    {
        var progress = new Recorder<int>();
        await _remote.KeepAsync(progress);

        string outcome = await _remote.ReportOnKeptAsync(42);

        Assert.That(outcome, Is.EqualTo("dropped"));
        await Client.SyncAsync(cancellationToken);
        Assert.That(progress.Values, Is.Empty);
    }

    [Test]
    public async Task FailingJob_ReportsArriveBeforeTheException(CancellationToken cancellationToken)
    {
        var progress = new Recorder<string>();

        // InvalidOperationException is on the allow-list: it comes back as itself.
        InvalidOperationException? error = Assert.ThrowsAsync<InvalidOperationException>(async () => await _remote.FailAfterAsync(3, progress));

        Assert.That(error!.Message, Does.Contain("failed after 3 steps"));
        Assert.That(progress.Values, Is.EqualTo(new[] { "step 1", "step 2", "step 3" }));
    }

    [Test]
    public async Task StreamMethod_ReportsAllArriveBeforeTheStreamEnds(CancellationToken cancellationToken)
    {
        var progress = new Recorder<int>();
        var items = new List<int>();

        await foreach (int item in _remote.CountAsync(50, progress).WithCancellation(cancellationToken))
            items.Add(item);

        Assert.That(items, Is.EqualTo(Enumerable.Range(1, 50)));
        Assert.That(progress.Values, Is.EqualTo(Enumerable.Range(1, 50).Select(static i => -i)));
    }

    [Test]
    public async Task SynchronousMethod_ReportsArriveBeforeItReturns(CancellationToken cancellationToken)
    {
        var progress = new Recorder<int>();

        int result = await Task.Run(() => _remote.Run(20, progress), cancellationToken).WaitAsync(cancellationToken);

        Assert.That(result, Is.EqualTo(20));
        Assert.That(progress.Values, Is.EqualTo(Enumerable.Range(1, 20)));
    }

    [Test]
    public async Task ProgressThatThrows_TheCallStillSucceeds(CancellationToken cancellationToken)
    {
        var progress = new Recorder<int>(onEach: static value =>
        {
            if (value % 2 == 0)
                throw new InvalidOperationException("The caller's progress failed.");
        });

        Assert.That(await _remote.RunAsync(6, progress), Is.EqualTo(6));
        Assert.That(progress.Values, Is.EqualTo(Enumerable.Range(1, 6)));
    }

    [Test]
    public async Task NullProgress_TravelsAsNull(CancellationToken cancellationToken)
    {
        Assert.That(await _remote.IsNullAsync(null), Is.True);
        Assert.That(await _remote.IsNullAsync(new Recorder<int>()), Is.False);
    }

    [Test]
    public async Task SameProgressToTwoCallsAtOnce_EachGetsItsOwnReports(CancellationToken cancellationToken)
    {
        var progress = new Recorder<int>();

        await Task.WhenAll(_remote.RunAsync(100, progress).AsTask(), _remote.RunAsync(100, progress).AsTask());

        Assert.That(progress.Values.Order(), Is.EqualTo(Enumerable.Range(1, 100).SelectMany(static i => new[] { i, i })));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
            await Task.Delay(5, cancellationToken);
    }

    /// <summary>A progress object that records what it is given, in order, and can block or throw.</summary>
    private sealed class Recorder<T>(Action? onFirst = null, Action<T>? onEach = null) : IProgress<T>
    {
        private readonly List<T> _values = new();
        private int _received;

        public int Received => Volatile.Read(ref _received);

        public List<T> Values
        {
            get
            {
                lock (_values)
                    return [.. _values];
            }
        }

        public void Report(T value)
        {
            lock (_values)
                _values.Add(value);
            if (Interlocked.Increment(ref _received) == 1)
                onFirst?.Invoke();
            onEach?.Invoke(value);
        }
    }
}
