using System.ComponentModel;

namespace Romp.CompilerServices;

/// <summary>
/// The arguments of one remote call, captured in a struct that the source generator writes for each method.
/// Passed by reference and written straight into the connection's output, so a call boxes nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRompArgs
{
    /// <summary>Writes the arguments in declaration order.</summary>
    void Write(ref RompWriter writer);
}
