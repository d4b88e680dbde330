namespace Romp;

/// <summary>
/// Marks an interface as a remote object contract. The Romp source generator writes a client proxy, a server
/// dispatcher and the marshalling code for every member of the interface at compile time.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class RompObjectAttribute : Attribute
{
    /// <summary>
    /// How the server runs calls on objects of this interface: <see cref="RompAccess.Parallel"/> (the default) runs them
    /// concurrently, <see cref="RompAccess.Serial"/> runs them one at a time in arrival order.
    /// </summary>
    public RompAccess Access { get; set; }

    /// <summary>
    /// The contract's stable name on the wire, such as <c>"chat.v1"</c>; by default the interface's full .NET name. Two
    /// interfaces with the same name are the same contract to a peer, so an interface can be renamed or moved to another
    /// namespace without breaking the peers built before.
    /// </summary>
    public string? Name { get; set; }
}
