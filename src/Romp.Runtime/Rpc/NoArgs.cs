using System.ComponentModel;

namespace Romp.CompilerServices;

/// <summary>The arguments of a method that takes none.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct NoArgs : IRompArgs
{
    /// <inheritdoc />
    public void Write(ref RompWriter writer)
    {
    }
}
