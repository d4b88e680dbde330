using System.ComponentModel;
namespace Romp.CompilerServices;

/// <summary>A reserved 32-bit length slot in a <see cref="RompWriter"/>'s output; see <see cref="RompWriter.BeginLengthPrefix"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LengthPrefix
{
    internal LengthPrefix(long slot) => Slot = slot;

    /// <summary>Where the slot starts, counted in bytes from the writer's first.</summary>
    internal long Slot { get; }
}
