using Romp;

namespace QuickStart;

/// <summary>The remote interface: the source generator writes its proxy, dispatcher and marshalling at compile time.</summary>
[RompObject]
public interface IGreeter
{
    /// <summary>REQUEST → RETVAL.</summary>
    ValueTask<string> GreetAsync(Person person);

    /// <summary>REQUEST → EXCEPTION: throws for an empty name.</summary>
    Task ValidateAsync(string name);

    /// <summary>ONEWAY: no answer, runs in order with the other one-way calls.</summary>
    [Oneway]
    void Log(string line);

    /// <summary>ONEWAY_SYNC: completes when the server has received the call.</summary>
    [Oneway(Sync = true)]
    ValueTask NoteAsync(string line);

    int LinesLogged { get; }

    /// <summary>REQUEST_BLOCK → YIELD… → RETVAL: ROMP's block, as IAsyncEnumerable.</summary>
    IAsyncEnumerable<int> CountdownAsync(int from, CancellationToken cancellationToken = default);
}

/// <summary>DRb's counter store: <c>obj[:counter]</c> and an increment, shared by many clients.</summary>
[RompObject]
public interface ICounterStore
{
    int this[string key] { get; set; }

    ValueTask<int> IncAsync(string key);
}

/// <summary>Copied by value across the wire.</summary>
[RompSerializable]
public sealed record Person(string Name, int Age, List<string> Languages);

/// <summary>DRb's <c>Foo</c> (the DRbUndumped example), copied by value: whoever receives it has a copy of their own.</summary>
[RompSerializable]
public sealed class Foo(int x)
{
    public int X { get; set; } = x;

    public void Inc() => X++;
}

/// <summary>The same Foo with DRbUndumped: passed by reference, so calls on it run where the object lives.</summary>
[RompObject]
public interface IFoo
{
    ValueTask IncAsync();
}

/// <summary>DRb's <c>Server</c> of that example: <c>update(obj)</c> calls <c>obj.inc</c>.</summary>
[RompObject]
public interface IUpdater
{
    /// <summary>Receives a copy, and increments the copy.</summary>
    ValueTask UpdateAsync(Foo foo);

    /// <summary>Receives a proxy, and increments the caller's object through it.</summary>
    ValueTask UpdateAsync(IFoo foo);
}

/// <summary>Callbacks: the client subscribes its own listener object, and the server calls it.</summary>
[RompObject]
public interface INewsFeed
{
    ValueTask SubscribeAsync(INewsListener listener);

    ValueTask<bool> UnsubscribeAsync(INewsListener listener);

    /// <summary>A block, as in Ruby's <c>each</c>: calls <paramref name="block"/> for each headline, valid only during the call.</summary>
    ValueTask EachAsync(Func<string, ValueTask> block);
}

/// <summary>Implemented by the client and passed by reference to <see cref="INewsFeed.SubscribeAsync"/>.</summary>
[RompObject]
public interface INewsListener
{
    ValueTask OnNewsAsync(string headline);
}
