using Romp.Serialization;

namespace Romp.Rpc;

/// <summary>
/// The arguments of one remote call, captured in a struct that the source generator writes for each method.
/// Passed by reference and written straight into the connection's output, so a call boxes nothing.
/// </summary>
public interface IRompArgs
{
    /// <summary>Writes the arguments in declaration order.</summary>
    void Write(ref RompWriter writer);
}
