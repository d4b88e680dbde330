namespace Romp.Generators.Model;

/// <summary>An abstract <c>[RompSerializable]</c> type with <c>[RompUnion]</c> cases: everything the union formatter emitter needs.</summary>
/// <param name="Namespace">The containing namespace, or an empty string for the global namespace.</param>
/// <param name="BaseName">The stem of the formatter name: the type name, prefixed <c>Outer_</c> when nested.</param>
/// <param name="FullyQualifiedName">The type as <c>global::N.Shape</c>.</param>
/// <param name="DisplayName">The type as error messages name it: <c>N.Shape</c>.</param>
/// <param name="IsPublic">Whether the type is public (its containers too), so its formatter is public for other assemblies.</param>
/// <param name="Cases">The cases in the order the writer tests them: concrete cases by tag, then nested unions, most derived first.</param>
/// <param name="FreeTag">A tag no case uses, for the advice when an undeclared derived type is sent.</param>
internal sealed record UnionModel(
    string Namespace,
    string BaseName,
    string FullyQualifiedName,
    string DisplayName,
    bool IsPublic,
    EquatableArray<UnionCaseModel> Cases,
    int FreeTag);

/// <summary>One case of a union.</summary>
/// <param name="Tag">The tag it travels under.</param>
/// <param name="FullyQualifiedName">The case type as <c>global::N.Circle</c>.</param>
/// <param name="Formatter">The expression of the case's own formatter: <c>global::N.CircleFormatter.Instance</c>.</param>
/// <param name="Kind">How the writer recognises a value of the case.</param>
internal sealed record UnionCaseModel(int Tag, string FullyQualifiedName, string Formatter, UnionCaseKind Kind);

/// <summary>How a union's writer recognises a value of one case.</summary>
internal enum UnionCaseKind
{
    /// <summary>A sealed type: a type test is exact.</summary>
    Sealed,

    /// <summary>A concrete type that could have subclasses: its runtime type must be exactly the case, or a subclass would be sliced.</summary>
    Open,

    /// <summary>An abstract case with cases of its own: any value of it, whose own formatter then picks the case.</summary>
    Union,
}
