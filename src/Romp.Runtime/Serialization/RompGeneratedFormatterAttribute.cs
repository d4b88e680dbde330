using System.ComponentModel;

namespace Romp.CompilerServices;

/// <summary>
/// Marks a formatter the source generator wrote, with the type it formats and the version of the encoding it writes.
/// A project that uses a <see cref="RompSerializableAttribute"/> type from another assembly finds that assembly's
/// formatter at compile time by this mark, and refuses one written in another version of the encoding.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RompGeneratedFormatterAttribute : Attribute
{
    /// <summary>Marks a generated formatter.</summary>
    /// <param name="type">The type the formatter reads and writes.</param>
    /// <param name="format">The version of the encoding it writes.</param>
    public RompGeneratedFormatterAttribute(Type type, int format)
    {
        Type = type;
        Format = format;
    }

    /// <summary>The type the formatter reads and writes.</summary>
    public Type Type { get; }

    /// <summary>The version of the encoding the formatter writes.</summary>
    public int Format { get; }
}
