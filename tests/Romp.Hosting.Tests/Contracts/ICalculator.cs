namespace Romp.Hosting.Tests.Contracts;

/// <summary>What the hosted servers of these tests serve.</summary>
[RompObject]
public interface ICalculator
{
    ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);

    /// <summary>Waits until the test releases it (or the call is cancelled), then returns 42.</summary>
    ValueTask<int> SlowAsync(CancellationToken cancellationToken = default);

    /// <summary>Who serves: the <see cref="ServerIdentity"/> the implementation was given.</summary>
    ValueTask<string> WhoAsync();
}
