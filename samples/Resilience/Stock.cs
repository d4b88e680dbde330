using Romp;

namespace Resilience;

/// <summary>How many of an item are left, and which server child said so (its process id).</summary>
[RompSerializable]
public sealed record Stock(string Item, int Count, int Server);
