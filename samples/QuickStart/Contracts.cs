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
