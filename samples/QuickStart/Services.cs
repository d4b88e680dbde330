using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace QuickStart;

public sealed class Greeter : IGreeter
{
    private int _lines;

    public int LinesLogged => Volatile.Read(ref _lines);

    public ValueTask<string> GreetAsync(Person person) =>
        new($"Hello {person.Name} ({person.Age}), who speaks {string.Join(" and ", person.Languages)}!");

    public Task ValidateAsync(string name) => string.IsNullOrWhiteSpace(name)
        ? Task.FromException(new ArgumentException("A name must not be empty.", nameof(name)))
        : Task.CompletedTask;

    public void Log(string line) => Interlocked.Increment(ref _lines);

    public ValueTask NoteAsync(string line)
    {
        Interlocked.Increment(ref _lines);
        return default;
    }

    public async IAsyncEnumerable<int> CountdownAsync(int from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int i = from; i > 0; i--)
        {
            await Task.Yield();
            yield return i;
        }
    }
}

public sealed class CounterStore : ICounterStore
{
    private readonly ConcurrentDictionary<string, int> _counters = new();

    public int this[string key]
    {
        get => _counters.GetValueOrDefault(key);
        set => _counters[key] = value;
    }

    public ValueTask<int> IncAsync(string key) => new(_counters.AddOrUpdate(key, 1, static (_, n) => n + 1));
}
