namespace Romp.Bench;

/// <summary>
/// The client's own object in the callback scenario: passed to <see cref="IBench.CallBackAsync"/> by reference, so the
/// server's calls on it come back over the client's connection.
/// </summary>
[RompObject]
public interface ISink
{
    /// <summary>One server-to-client call: returns <paramref name="value"/>.</summary>
    ValueTask<int> OnItemAsync(int value);
}
