namespace Romp.Fuzz.Target;

/// <summary>A recursive record: a chain of links, each nesting the next one level deeper.</summary>
/// <param name="Value">The link's value.</param>
/// <param name="Next">The next link, or null at the end.</param>
[RompSerializable]
public sealed record Chain(int Value, Chain? Next);
