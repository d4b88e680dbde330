using System.Collections.Concurrent;

namespace Romp.Tests.Contracts;

/// <summary>A listener a client passes to a server, which calls it back over the same connection.</summary>
[RompObject]
public interface IListener
{
    ValueTask OnEventAsync(string message);

    [Oneway]
    void Notify(string message);
}

/// <summary>Callbacks: subscribe a listener, publish to every listener.</summary>
[RompObject]
public interface IPublisher
{
    ValueTask SubscribeAsync(IListener listener);

    ValueTask<bool> UnsubscribeAsync(IListener listener);

    /// <summary>Calls every listener's OnEventAsync and returns how many took it.</summary>
    ValueTask<int> PublishAsync(string message);

    /// <summary>Sends every listener a one-way Notify.</summary>
    ValueTask NotifyAllAsync(string message);
}

public sealed class Publisher : IPublisher
{
    private readonly ConcurrentDictionary<IListener, byte> _listeners = new(ReferenceEqualityComparer.Instance);

    public int ListenerCount => _listeners.Count;

    public ValueTask SubscribeAsync(IListener listener)
    {
        _listeners.TryAdd(listener, 0);
        return default;
    }

    public ValueTask<bool> UnsubscribeAsync(IListener listener) => new(_listeners.TryRemove(listener, out _));

    public async ValueTask<int> PublishAsync(string message)
    {
        int delivered = 0;
        foreach (IListener listener in _listeners.Keys)
        {
            await listener.OnEventAsync(message);
            delivered++;
        }

        return delivered;
    }

    public ValueTask NotifyAllAsync(string message)
    {
        foreach (IListener listener in _listeners.Keys)
            listener.Notify(message);
        return default;
    }
}

public sealed class RecordingListener : IListener
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<string> Notifications { get; } = new();

    /// <summary>Completes when a notification arrives.</summary>
    public TaskCompletionSource<string> Notified { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask OnEventAsync(string message)
    {
        Events.Enqueue(message);
        return default;
    }

    public void Notify(string message)
    {
        Notifications.Enqueue(message);
        Notified.TrySetResult(message);
    }
}
