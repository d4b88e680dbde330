namespace Romp.Generators.Model;

/// <summary>A marshallable type and the formatter that reads and writes it.</summary>
/// <param name="Name">The fully qualified type with its nullable annotations, for declarations (<c>global::N.Point?</c>).</param>
/// <param name="ObliviousName">The fully qualified type without nullable reference annotations, for formatter fields
/// declared in a <c>#nullable disable</c> region (so composite formatters raise no nullability warnings).</param>
/// <param name="Formatter">The expression that builds the formatter.</param>
/// <param name="FieldName">The static field that caches the formatter, unique within the generated container.</param>
internal sealed record TypeModel(string Name, string ObliviousName, string Formatter, string FieldName);
