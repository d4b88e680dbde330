namespace Romp.Generators.Model;

/// <summary>What the describe metadata of a <c>[RompObject]</c> interface adds to its methods: shapes and signatures.</summary>
/// <param name="Methods">One per method of <see cref="ObjectModel.Methods"/>, in the same order.</param>
/// <param name="Types">The enums and records the shapes name, each once, in order of first use.</param>
internal sealed record DescriptionModel(EquatableArray<MethodShapeModel> Methods, EquatableArray<NamedTypeModel> Types)
{
    public static DescriptionModel Empty { get; } = new(EquatableArray<MethodShapeModel>.Empty, EquatableArray<NamedTypeModel>.Empty);
}

/// <summary>The describe metadata of one method.</summary>
/// <param name="Signature">The member as C# declares it: <c>ValueTask&lt;int&gt; AddAsync(int a, int b)</c>.</param>
/// <param name="Parameters">The marshalled parameters, as in <see cref="MethodModel.Parameters"/>.</param>
/// <param name="ResultTypeName">The declared result type, minimally qualified.</param>
/// <param name="Result">How the result travels: <c>Void</c>, or a <c>Stream</c> for a stream.</param>
internal sealed record MethodShapeModel(string Signature, EquatableArray<ShapedNameModel> Parameters, string ResultTypeName, TypeShapeModel Result);
