using System.Collections.Concurrent;
using System.Diagnostics;
using Romp.StdioPeer;
using Romp.Tests.Support;

namespace Romp.Tests.Faults;

/// <summary>
/// The server process is killed with SIGKILL under calls in flight: the client must fail every one of them with
/// ConnectionBroken at once and close. And <see cref="ChildServer"/> must bring a fresh server back on the same port,
/// which reconnect tests rely on.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class ServerKillTests
{
    private const int PendingCalls = 10;
    private static readonly TimeSpan s_failWithin = TimeSpan.FromSeconds(2);

    [Test]
    public async Task ServerKilledMidCall_EveryPendingCallFailsWithConnectionBroken(CancellationToken cancellationToken)
    {
        await using ChildServer server = await ChildServer.StartAsync(cancellationToken: cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        IChildServer remote = await client.ResolveAsync<IChildServer>(IChildServer.Name, cancellationToken);
        Assert.That(await remote.ProcessIdAsync(), Is.EqualTo(server.ProcessId), "the calls cross into the child");
        Task<int>[] pending = Enumerable.Range(0, PendingCalls).Select(_ => remote.SlowAsync(CancellationToken.None).AsTask()).ToArray();
        await remote.WhenSlowCallsWaitingAsync(PendingCalls, cancellationToken);

        var clock = Stopwatch.StartNew();
        await server.KillAsync();

        foreach (Task<int> call in pending)
        {
            var error = Assert.CatchAsync<RompException>(async () => await call.WaitAsync(s_failWithin, cancellationToken));
            Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken), error.Message);
        }

        await client.Completion.WaitAsync(s_failWithin, cancellationToken);
        TimeSpan failedAfter = clock.Elapsed;
        Assert.That(failedAfter, Is.LessThan(s_failWithin));
        Assert.That(client.CloseReason!.Error, Is.EqualTo(RompError.ConnectionBroken));
        var late = Assert.CatchAsync<RompException>(async () => await remote.AddAsync(1, 2));
        Assert.That(late!.Error, Is.EqualTo(RompError.ConnectionBroken));
        TestContext.Out.WriteLine($"Every call failed and the client closed {failedAfter.TotalMilliseconds:0} ms after the kill (the process's exit included).");
    }

    [Test]
    public async Task ServerKilledMidCall_ReconnectingClient_FailsPendingCallsThenRecoversProxyAndCallback(CancellationToken cancellationToken)
    {
        await using ChildServer server = await ChildServer.StartAsync(cancellationToken: cancellationToken);
        var options = new RompClientOptions { Reconnect = RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(500)) };
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, options, cancellationToken);
        IChildServer remote = await client.ResolveAsync<IChildServer>(IChildServer.Name, cancellationToken);
        var listener = new ChildListener();
        await remote.SubscribeAsync(listener);
        client.Reconnected += async _ => await remote.SubscribeAsync(listener);
        Assert.That(await remote.NotifyAsync("before"), Is.EqualTo(1));
        var reconnecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.StateChanged += (_, change) =>
        {
            if (change.State == RompConnectionState.Reconnecting)
                reconnecting.TrySetResult();
            else if (change.State == RompConnectionState.Connected)
                connected.TrySetResult();
        };
        Task<int>[] pending = Enumerable.Range(0, PendingCalls).Select(_ => remote.SlowAsync(CancellationToken.None).AsTask()).ToArray();
        await remote.WhenSlowCallsWaitingAsync(PendingCalls, cancellationToken);
        int killed = server.ProcessId;

        var clock = Stopwatch.StartNew();
        await server.KillAsync();
        foreach (Task<int> call in pending)
        {
            var error = Assert.CatchAsync<RompException>(async () => await call.WaitAsync(s_failWithin, cancellationToken));
            Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken), error.Message);
        }

        await reconnecting.Task.WaitAsync(s_failWithin, cancellationToken);
        Assert.That(clock.Elapsed, Is.LessThan(s_failWithin));
        await server.RestartAsync(cancellationToken);
        await connected.Task.WaitAsync(cancellationToken);

        Assert.That(await remote.ProcessIdAsync(), Is.EqualTo(server.ProcessId).And.Not.EqualTo(killed), "the same proxy reaches the new process");
        Assert.That(await remote.NotifyAsync("after"), Is.EqualTo(1), "the callback was subscribed again through Reconnected");
        Assert.That(listener.Messages, Does.Contain((server.ProcessId, "after")));
    }

    [Test]
    public async Task ChildServer_KilledThenRestarted_FreshProcessServesOnTheSamePort(CancellationToken cancellationToken)
    {
        await using ChildServer server = await ChildServer.StartAsync(cancellationToken: cancellationToken);
        int firstProcess;
        await using (RompClient before = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken))
        {
            IChildServer remote = await before.ResolveAsync<IChildServer>(IChildServer.Name, cancellationToken);
            Assert.That(await remote.NextCountAsync(), Is.EqualTo(1));
            Assert.That(await remote.NextCountAsync(), Is.EqualTo(2));
            firstProcess = await remote.ProcessIdAsync();

            await server.RestartAsync(cancellationToken);

            await before.Completion.WaitAsync(s_failWithin, cancellationToken);
            Assert.That(before.CloseReason!.Error, Is.EqualTo(RompError.ConnectionBroken));
        }

        await using RompClient after = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        IChildServer again = await after.ResolveAsync<IChildServer>(IChildServer.Name, cancellationToken);

        Assert.That(await again.ProcessIdAsync(), Is.Not.EqualTo(firstProcess).And.EqualTo(server.ProcessId));
        Assert.That(await again.NextCountAsync(), Is.EqualTo(1), "a fresh process counts from 1 again");
        Assert.That(new Uri(after.Endpoint).Port, Is.EqualTo(server.Port));
    }
}

/// <summary>Records what the child server calls back with.</summary>
internal sealed class ChildListener : IChildListener
{
    public ConcurrentQueue<(int ProcessId, string Message)> Messages { get; } = new();

    public ValueTask OnMessageAsync(int processId, string message)
    {
        Messages.Enqueue((processId, message));
        return default;
    }
}
