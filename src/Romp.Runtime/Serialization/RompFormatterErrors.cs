using System.ComponentModel;

namespace Romp.CompilerServices;

/// <summary>
/// The errors generated formatters throw when a value cannot travel as declared: built here so that the generated
/// methods stay small and every formatter words them alike.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RompFormatterErrors
{
    /// <summary>
    /// A value of <paramref name="actual"/>, a type derived from the concrete <paramref name="declared"/>, was to be sent
    /// where <paramref name="declared"/> is declared: it would arrive as a <paramref name="declared"/> without its own members.
    /// </summary>
    public static RompException NotDeclaredType(Type declared, Type actual)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(actual);
        return new RompException(RompError.UnsupportedType,
            $"A {actual.Name} cannot be sent as a {declared.Name}: it would arrive as a {declared.Name} and lose its own members. " +
            $"Make {declared.Name} abstract with [RompUnion(tag, typeof({actual.Name}))] cases, or send a {declared.Name}.");
    }

    /// <summary>
    /// A value of <paramref name="actual"/> was to be sent where the union <paramref name="union"/> is declared, but it is
    /// none of the union's cases; <paramref name="freeTag"/> is a tag no case uses, for the advice.
    /// </summary>
    public static RompException UndeclaredUnionCase(Type union, Type actual, int freeTag)
    {
        ArgumentNullException.ThrowIfNull(union);
        ArgumentNullException.ThrowIfNull(actual);
        return new RompException(RompError.UnsupportedType,
            $"{actual.Name} is not a declared [RompUnion] case of {union.Name}; add [RompUnion({freeTag}, typeof({actual.Name}))] to {union.Name}.");
    }

    /// <summary>A value of the union <paramref name="union"/> arrived with a tag that none of the cases this side knows has.</summary>
    public static RompException UnknownUnionTag(string union, ushort tag)
    {
        ArgumentNullException.ThrowIfNull(union);
        return new RompException(RompError.UnknownType,
            $"A {union} value arrived as the case with tag {tag}, which this side's {union} does not declare: the peer knows a [RompUnion] case this side does not. " +
            "Update this side's contract.");
    }
}
