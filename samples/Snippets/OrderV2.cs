#region README
namespace Shop.V2;                                  // version 2: the new server, and the clients updated since

[RompReserved(3)]                                   // Note was removed: its id is never given to another member
[RompSerializable]
public sealed record Order(
    [RompId(2)] decimal Total,                      // members may move: the id says which is which
    [RompId(1)] string Buyer,                       // renamed: the same id, so the same member on the wire
    [RompId(4)] int Priority = 1)                   // added: older peers skip it; from them it arrives as 1
{
    public List<string> Tags { get; init; } = [];   // no [RompId]: its id is derived from the name "Tags"
    public bool IsLarge => Total > 1000;            // computed: not sent, the reader computes it again

    [RompIgnore]
    public DateTime LoadedAt { get; init; } = DateTime.UtcNow;   // this process's own: never sent
}
#endregion
