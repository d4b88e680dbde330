namespace Romp.Hosting.Tests.Contracts;

/// <summary>Made by the host's container: its constructor takes services of the host.</summary>
public sealed class Calculator : ICalculator
{
    private readonly ServerIdentity _identity;
    private readonly SlowCalls _slowCalls;
    private int _calls;

    public Calculator(ServerIdentity identity, SlowCalls slowCalls)
    {
        _identity = identity;
        _slowCalls = slowCalls;
    }

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return new(a + b);
    }

    public ValueTask<int> SlowAsync(CancellationToken cancellationToken = default) => _slowCalls.RunAsync(cancellationToken);

    public ValueTask<string> WhoAsync() => new(_identity.Name);
}
