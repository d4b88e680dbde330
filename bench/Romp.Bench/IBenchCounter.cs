namespace Romp.Bench;

/// <summary>An object <see cref="IBench.CreateAsync"/> creates on the server and hands out by reference.</summary>
[RompObject]
public interface IBenchCounter
{
    /// <summary>Adds one and returns the new count: 1 on a fresh counter.</summary>
    ValueTask<int> IncrementAsync();
}
