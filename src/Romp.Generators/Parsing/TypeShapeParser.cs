using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>
/// Builds the describe metadata's shapes of one contract's types, and the table of the enums and records they name.
/// It follows <see cref="TypeParser"/>'s rules for what travels how; a type it cannot spell out is <c>Opaque</c>, so a
/// type another formatter supports still describes (a generic client just cannot encode it). One instance per contract.
/// </summary>
internal sealed class TypeShapeParser
{
    /// <summary>C# as people write it: <c>List&lt;Point&gt;?</c>, <c>ValueTask&lt;int&gt;</c>.</summary>
    public static readonly SymbolDisplayFormat ReadableFormat = SymbolDisplayFormat.MinimallyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat s_signatureFormat = ReadableFormat
        .WithMemberOptions(SymbolDisplayMemberOptions.IncludeType | SymbolDisplayMemberOptions.IncludeParameters)
        .WithParameterOptions(SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeDefaultValue);

    private readonly KnownSymbols _known;
    private readonly CancellationToken _cancellationToken;
    private readonly List<NamedTypeModel?> _types = new();      // in order of first use; null while a record's members are being built
    private readonly Dictionary<string, int> _typeIndex = new(); // name -> index in _types

    public TypeShapeParser(KnownSymbols known, CancellationToken cancellationToken)
    {
        _known = known;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The enums and records named so far, each once.</summary>
    public EquatableArray<NamedTypeModel> Types() => _types.Where(static t => t is not null).Select(static t => t!).ToEquatableArray();

    /// <summary>The method as C# declares it.</summary>
    public static string Signature(IMethodSymbol method) => method.ToDisplayString(s_signatureFormat);

    /// <summary>A property or indexer accessor as C# declares it: <c>int this[string key] { get; }</c>.</summary>
    public static string Signature(IPropertySymbol property, string accessor)
    {
        string type = property.Type.ToDisplayString(ReadableFormat);
        string name = property.IsIndexer
            ? "this[" + string.Join(", ", property.Parameters.Select(static p => p.Type.ToDisplayString(ReadableFormat) + " " + p.Name)) + "]"
            : property.Name;
        return type + " " + name + " { " + accessor + "; }";
    }

    /// <summary>A marshalled parameter: its name, its readable type and its shape; a delegate is a block when <paramref name="block"/>.</summary>
    public ShapedNameModel Parameter(string name, ITypeSymbol type, bool block) =>
        new(name, type.ToDisplayString(ReadableFormat), block && type is INamedTypeSymbol named ? Block(named) : Shape(type));

    /// <summary>How the result travels: <c>Void</c> for none, a <c>Stream</c> of the item for a stream.</summary>
    public TypeShapeModel Result(ReturnKind kind, ITypeSymbol? result) => result is null
        ? TypeShapeModel.Simple("Void")
        : kind == ReturnKind.AsyncEnumerable ? TypeShapeModel.Of("Stream", Shape(result)) : Shape(result);

    public TypeShapeModel Shape(ITypeSymbol type)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return TypeShapeModel.Simple("Boolean");
            case SpecialType.System_Byte: return TypeShapeModel.Simple("Byte");
            case SpecialType.System_SByte: return TypeShapeModel.Simple("SByte");
            case SpecialType.System_Int16: return TypeShapeModel.Simple("Int16");
            case SpecialType.System_UInt16: return TypeShapeModel.Simple("UInt16");
            case SpecialType.System_Int32: return TypeShapeModel.Simple("Int32");
            case SpecialType.System_UInt32: return TypeShapeModel.Simple("UInt32");
            case SpecialType.System_Int64: return TypeShapeModel.Simple("Int64");
            case SpecialType.System_UInt64: return TypeShapeModel.Simple("UInt64");
            case SpecialType.System_Char: return TypeShapeModel.Simple("Char");
            case SpecialType.System_Single: return TypeShapeModel.Simple("Single");
            case SpecialType.System_Double: return TypeShapeModel.Simple("Double");
            case SpecialType.System_Decimal: return TypeShapeModel.Simple("Decimal");
            case SpecialType.System_String: return TypeShapeModel.Simple("String");
            case SpecialType.System_DateTime: return TypeShapeModel.Simple("DateTime");
        }

        if (type is IArrayTypeSymbol { IsSZArray: true } array)
            return array.ElementType.SpecialType == SpecialType.System_Byte ? TypeShapeModel.Simple("Bytes") : TypeShapeModel.Of("Array", Shape(array.ElementType));

        if (type is not INamedTypeSymbol named || named.TypeKind == TypeKind.Error)
            return Opaque(type);

        if (KnownSymbols.Is(named, _known.Guid)) return TypeShapeModel.Simple("Guid");
        if (KnownSymbols.Is(named, _known.DateTimeOffset)) return TypeShapeModel.Simple("DateTimeOffset");
        if (KnownSymbols.Is(named, _known.TimeSpan)) return TypeShapeModel.Simple("TimeSpan");
        if (KnownSymbols.Is(named, _known.DateOnly)) return TypeShapeModel.Simple("DateOnly");
        if (KnownSymbols.Is(named, _known.TimeOnly)) return TypeShapeModel.Simple("TimeOnly");
        if (KnownSymbols.Is(named, _known.Half)) return TypeShapeModel.Simple("Half");
        if (KnownSymbols.Is(named, _known.Int128)) return TypeShapeModel.Simple("Int128");
        if (KnownSymbols.Is(named, _known.UInt128)) return TypeShapeModel.Simple("UInt128");
        if ((KnownSymbols.Is(named, _known.ReadOnlyMemory) || KnownSymbols.Is(named, _known.Memory))
            && named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
            return TypeShapeModel.Simple("Bytes");

        // A method's own parameter or result only (the parser refuses them elsewhere): a byte stream of the call, and a
        // progress object, which travels as a block of one parameter and no result.
        if (CallScopedTypes.IsByteStream(named, _known))
            return TypeShapeModel.Simple("ByteStream");
        if (CallScopedTypes.IsProgress(named, _known))
            return TypeShapeModel.Of("Block", Shape(named.TypeArguments[0]), TypeShapeModel.Simple("Void"));

        if (named.TypeKind == TypeKind.Enum)
            return NamedEnum(named);
        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            return TypeShapeModel.Of("Nullable", Shape(named.TypeArguments[0]));
        if (named.IsTupleType)
            return named.TupleElements.Length is >= 2 and <= 7 ? TypeShapeModel.Of("Tuple", named.TupleElements.Select(e => Shape(e.Type)).ToArray()) : Opaque(type);
        if (IsAny(named, _known.List, _known.IList, _known.ICollection, _known.IReadOnlyList, _known.IReadOnlyCollection, _known.IEnumerable))
            return TypeShapeModel.Of("List", Shape(named.TypeArguments[0]));
        if (IsAny(named, _known.HashSet, _known.ISet, _known.IReadOnlySet))
            return TypeShapeModel.Of("Set", Shape(named.TypeArguments[0]));
        if (IsAny(named, _known.Dictionary, _known.IDictionary, _known.IReadOnlyDictionary))
            return TypeShapeModel.Of("Dictionary", Shape(named.TypeArguments[0]), Shape(named.TypeArguments[1]));
        if (TypeParser.IsRompObject(named, _known) && !named.IsGenericType)
            return new TypeShapeModel("Reference", named.ToDisplayString(TypeParser.ObliviousDisplayFormat), EquatableArray<TypeShapeModel>.Empty, named.ToDisplayString(TypeParser.ObliviousFormat));
        if (TypeParser.HasAttribute(named, _known.RompSerializableAttribute) && !named.IsGenericType && !named.IsStatic)
        {
            if (!named.IsAbstract)
                return NamedRecord(named);
            if (UnionCases.IsUnion(named, _known))
                return NamedUnion(named);
        }

        return Opaque(type);
    }

    // A block: the delegate's parameters, then its result (a task's T, or Void).
    private TypeShapeModel Block(INamedTypeSymbol type)
    {
        if (type.DelegateInvokeMethod is not { } invoke)
            return Opaque(type);
        var arguments = invoke.Parameters.Select(p => Shape(p.Type)).ToList();
        (ReturnKind kind, ITypeSymbol? result) = ReturnShape.Classify(invoke, _known);
        arguments.Add(Result(kind, result));
        return TypeShapeModel.Of("Block", arguments.ToArray());
    }

    private TypeShapeModel NamedEnum(INamedTypeSymbol type)
    {
        string name = type.ToDisplayString(TypeParser.ObliviousDisplayFormat);
        if (!_typeIndex.ContainsKey(name))
        {
            string underlying = type.EnumUnderlyingType?.SpecialType switch
            {
                SpecialType.System_Byte => "Byte",
                SpecialType.System_SByte => "SByte",
                SpecialType.System_Int16 => "Int16",
                SpecialType.System_UInt16 => "UInt16",
                SpecialType.System_UInt32 => "UInt32",
                SpecialType.System_Int64 => "Int64",
                SpecialType.System_UInt64 => "UInt64",
                _ => "Int32",
            };
            var values = new List<EnumValueModel>();
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: { } value } field)
                    values.Add(new EnumValueModel(field.Name, ToInt64(value)));
            }

            Add(name, new NamedTypeModel(name, IsEnum: true, IsValueType: true, underlying, EquatableArray<RecordMemberModel>.Empty, values.ToEquatableArray()));
        }

        return TypeShapeModel.Named("Enum", name);
    }

    private TypeShapeModel NamedRecord(INamedTypeSymbol type)
    {
        string name = type.ToDisplayString(TypeParser.ObliviousDisplayFormat);
        if (!_typeIndex.ContainsKey(name))
        {
            // Entered before its members are shaped, so a member of the record's own type refers to it by name.
            int index = Add(name, null);
            var members = new List<RecordMemberModel>();
            foreach ((ISymbol member, ITypeSymbol memberType, ushort id) in SerializableParser.WireMembers(type, _known, _cancellationToken))
                members.Add(new RecordMemberModel(id, new ShapedNameModel(member.Name, memberType.ToDisplayString(ReadableFormat), Shape(memberType))));
            _types[index] = new NamedTypeModel(name, IsEnum: false, type.IsValueType, "", members.ToEquatableArray(), EquatableArray<EnumValueModel>.Empty);
        }

        return TypeShapeModel.Named("Record", name);
    }

    private TypeShapeModel NamedUnion(INamedTypeSymbol type)
    {
        string name = type.ToDisplayString(TypeParser.ObliviousDisplayFormat);
        if (!_typeIndex.ContainsKey(name))
        {
            int index = Add(name, null);
            var cases = new List<UnionCaseShapeModel>();
            foreach (UnionCases.Case @case in UnionCases.Read(type, _known).OrderBy(static c => c.Tag))
            {
                if (@case.Type is null || @case.Tag < 0 || @case.Tag > UnionCases.MaxTag)
                    continue;
                TypeShapeModel shape = Shape(@case.Type);
                if (shape.Kind is "Record" or "Union")
                    cases.Add(new UnionCaseShapeModel(@case.Tag, shape));
            }

            _types[index] = new NamedTypeModel(name, IsEnum: false, IsValueType: false, "", EquatableArray<RecordMemberModel>.Empty,
                EquatableArray<EnumValueModel>.Empty, IsUnion: true, cases.ToEquatableArray());
        }

        return TypeShapeModel.Named("Union", name);
    }

    private int Add(string name, NamedTypeModel? type)
    {
        _typeIndex[name] = _types.Count;
        _types.Add(type);
        return _types.Count - 1;
    }

    private static TypeShapeModel Opaque(ITypeSymbol type) => TypeShapeModel.Named("Opaque", type.ToDisplayString(ReadableFormat));

    private static long ToInt64(object value) => value switch
    {
        ulong u => unchecked((long)u),
        _ => System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool IsAny(INamedTypeSymbol type, params INamedTypeSymbol?[] candidates) =>
        candidates.Any(candidate => KnownSymbols.Is(type, candidate));
}
