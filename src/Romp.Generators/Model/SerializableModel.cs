namespace Romp.Generators.Model;

/// <summary>A <c>[RompSerializable]</c> class, record or struct: everything the formatter emitter needs.</summary>
/// <param name="Namespace">The containing namespace, or an empty string for the global namespace.</param>
/// <param name="BaseName">The stem of the formatter name: the type name, prefixed <c>Outer_</c> when nested.</param>
/// <param name="FullyQualifiedName">The type as <c>global::N.Point</c>.</param>
/// <param name="IsValueType">Whether the type is a struct (never null on the wire).</param>
/// <param name="Members">The members that travel: base class first, then declaration order.</param>
/// <param name="ConstructorArguments">The constructor's arguments in parameter order: <c>m</c> and the index of a member in
/// <paramref name="Members"/>, or the default value of a parameter whose member is not sent (<c>[RompIgnore]</c>).</param>
/// <param name="IsPublic">Whether the type is public (its containers too), so its formatter is public for other assemblies.</param>
/// <param name="IsSealed">Whether no subclass can exist (a sealed class or a struct), so the writer need not check the runtime type.</param>
internal sealed record SerializableModel(
    string Namespace,
    string BaseName,
    string FullyQualifiedName,
    bool IsValueType,
    EquatableArray<SerializableMemberModel> Members,
    EquatableArray<string> ConstructorArguments,
    bool IsPublic,
    bool IsSealed);
