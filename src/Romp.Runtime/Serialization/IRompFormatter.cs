using System.ComponentModel;
namespace Romp.CompilerServices;

/// <summary>
/// Writes and reads values of one type in Romp's binary format. Implementations are stateless singletons, written by
/// the source generator for <see cref="RompSerializableAttribute"/> types and provided by <see cref="RompFormatters"/>
/// for the built-in ones.
/// </summary>
/// <typeparam name="T">The type this formatter handles.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRompFormatter<T>
{
    /// <summary>Writes <paramref name="value"/> (which may be <see langword="null"/> for reference types).</summary>
    void Write(ref RompWriter writer, T value);

    /// <summary>Reads one value; throws <see cref="RompException"/> with <see cref="RompError.InvalidMessage"/> on malformed input.</summary>
    T Read(ref RompReader reader);
}
