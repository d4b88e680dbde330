using Romp.Serialization;

namespace Romp.Rpc;

/// <summary>The arguments of a method that takes none.</summary>
public readonly struct NoArgs : IRompArgs
{
    /// <inheritdoc />
    public void Write(ref RompWriter writer)
    {
    }
}
