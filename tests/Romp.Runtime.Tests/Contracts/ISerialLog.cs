namespace Romp.Tests.Contracts;

/// <summary>An object in Oberon's serial mode: the server must run its calls one at a time, in arrival order.</summary>
[RompObject(Access = RompAccess.Serial)]
public interface ISerialLog
{
    ValueTask AppendAsync(int value);

    ValueTask<int[]> EntriesAsync();

    ValueTask<int> MaxConcurrencyAsync();
}

public sealed class SerialLog : ISerialLog
{
    private readonly List<int> _entries = new();
    private int _running;
    private int _maxConcurrency;

    public async ValueTask AppendAsync(int value)
    {
        int running = Interlocked.Increment(ref _running);
        _maxConcurrency = Math.Max(_maxConcurrency, running);
        // Give a concurrent call every chance to overlap this one if the server let it.
        await Task.Yield();
        _entries.Add(value);
        Interlocked.Decrement(ref _running);
    }

    public ValueTask<int[]> EntriesAsync() => new(_entries.ToArray());

    public ValueTask<int> MaxConcurrencyAsync() => new(_maxConcurrency);
}

/// <summary>A different contract, to check the type guard on resolve.</summary>
[RompObject]
public interface IGreeter
{
    ValueTask<string> GreetAsync(string name);
}

public sealed class Greeter : IGreeter
{
    public ValueTask<string> GreetAsync(string name) => new($"hello {name}");
}
