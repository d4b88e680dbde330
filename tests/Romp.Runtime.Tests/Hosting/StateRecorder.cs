namespace Romp.Tests.Hosting;

/// <summary>Records a client's state changes in order, and lets a test wait for the next time it enters a state.</summary>
internal sealed class StateRecorder
{
    private readonly object _gate = new();
    private readonly List<RompStateChangedEventArgs> _changes = new();
    private readonly Dictionary<RompConnectionState, TaskCompletionSource<RompStateChangedEventArgs>> _next = new();

    public StateRecorder(RompClient client) => client.StateChanged += OnStateChanged;

    /// <summary>Every change so far, oldest first.</summary>
    public IReadOnlyList<RompStateChangedEventArgs> Changes
    {
        get
        {
            lock (_gate)
                return _changes.ToArray();
        }
    }

    /// <summary>The states entered so far, in order.</summary>
    public IReadOnlyList<RompConnectionState> States => Changes.Select(change => change.State).ToArray();

    /// <summary>
    /// Completes the next time the client enters <paramref name="state"/> (after this call); fails with
    /// <see cref="TimeoutException"/> after 20 s, so that a test whose client never gets there fails instead of hanging.
    /// </summary>
    public Task<RompStateChangedEventArgs> Next(RompConnectionState state)
    {
        lock (_gate)
        {
            if (!_next.TryGetValue(state, out TaskCompletionSource<RompStateChangedEventArgs>? next))
                _next[state] = next = new TaskCompletionSource<RompStateChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
            return next.Task.WaitAsync(s_patience);
        }
    }

    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    private void OnStateChanged(object? sender, RompStateChangedEventArgs change)
    {
        TaskCompletionSource<RompStateChangedEventArgs>? next;
        lock (_gate)
        {
            _changes.Add(change);
            if (_next.Remove(change.State, out next) is false)
                next = null;
        }

        next?.TrySetResult(change);
    }
}
