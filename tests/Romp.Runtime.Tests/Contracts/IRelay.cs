namespace Romp.Tests.Contracts;

/// <summary>A middle process: it holds a proxy for a third party's counter and hands it on.</summary>
[RompObject]
public interface IRelay
{
    ValueTask<ICounter> GetCounterAsync();

    /// <summary>True when the counter that arrived is the very proxy this relay holds.</summary>
    ValueTask<bool> IsHeldAsync(ICounter counter);

    /// <summary>Hands the counter on to its owner and asks whether the owner got its own object.</summary>
    ValueTask<bool> IsOwnAtOwnerAsync(ICounter counter);
}

public sealed class Relay(ICounterFactory owner, ICounter held) : IRelay
{
    public ValueTask<ICounter> GetCounterAsync() => new(held);

    public ValueTask<bool> IsHeldAsync(ICounter counter) => new(ReferenceEquals(counter, held));

    public ValueTask<bool> IsOwnAtOwnerAsync(ICounter counter) => owner.IsOwnAsync(counter);
}
