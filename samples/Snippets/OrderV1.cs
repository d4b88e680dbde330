#region README
namespace Shop.V1;                                  // version 1: what the clients in the field were built with

[RompSerializable]
public sealed record Order(
    [RompId(1)] string Customer,
    [RompId(2)] decimal Total,
    [RompId(3)] string? Note);
#endregion
