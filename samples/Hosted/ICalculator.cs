using Romp;

namespace Hosted;

/// <summary>The contract both hosts share.</summary>
[RompObject]
public interface ICalculator
{
    ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);

    ValueTask<int> DivideAsync(int a, int b, CancellationToken cancellationToken = default);
}
