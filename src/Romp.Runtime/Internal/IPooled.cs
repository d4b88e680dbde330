namespace Romp.Internal;

/// <summary>An object that a <see cref="BoundedPool{T}"/> keeps for reuse.</summary>
internal interface IPooled
{
    /// <summary>Forgets the previous use; called as the object goes back to its pool.</summary>
    void Reset();
}
