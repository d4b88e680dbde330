using System.ComponentModel;
using Romp.Errors;

namespace Romp.CompilerServices;

/// <summary>
/// One exception type a method declares with <see cref="RompFaultAttribute"/>: its name on the wire and how to write
/// and read it. The generated contract lists them per method; the connection sends an exception as a declared fault
/// only when its type is exactly this one, and builds on receipt only the faults of the method that was called.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class RompFault
{
    private protected RompFault(string name) => Name = name;

    /// <summary>The fault's name on the wire: <see cref="RompFaultAttribute.Name"/>, or the type's full name.</summary>
    public string Name { get; }

    /// <summary>Describes the fault <typeparamref name="T"/>, sent as <paramref name="name"/> with its generated formatter.</summary>
    public static RompFault Create<T>(string name, IRompFormatter<T?> formatter) where T : Exception
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(formatter);
        return new DeclaredFault<T>(name, formatter);
    }

    /// <summary>Whether <paramref name="error"/> is exactly of this fault's type (a subclass is not: it would be sliced).</summary>
    internal abstract bool Describes(Exception error);

    /// <summary>Writes the fault's members.</summary>
    internal abstract void Write(ref RompWriter writer, Exception error);

    /// <summary>Reads the fault's members into a new instance.</summary>
    internal abstract Exception Read(ref RompReader reader);
}
