using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>
/// Decides whether a type can be marshalled and builds the expression of its formatter, composing the runtime's
/// collection formatters recursively.
/// </summary>
internal static class TypeParser
{
    /// <summary>Fully qualified, with nullable reference annotations: for declarations in generated code.</summary>
    public static readonly SymbolDisplayFormat AnnotatedFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Fully qualified, without nullable reference annotations: for formatter type arguments.</summary>
    public static readonly SymbolDisplayFormat ObliviousFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>As in compiler messages, without nullable reference annotations: for names shown at run time.</summary>
    public static readonly SymbolDisplayFormat ObliviousDisplayFormat = SymbolDisplayFormat.CSharpErrorMessageFormat
        .RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private const string Formatters = "global::Romp.CompilerServices.RompFormatters.";
    private const string Ns = "global::Romp.CompilerServices.";

    /// <summary>The outcome of resolving one type.</summary>
    /// <param name="Model">The type model, or <see langword="null"/> when the type cannot be marshalled.</param>
    /// <param name="Canonical">
    /// The type's wire spelling in a method's signature (docs/protocol.md §4.3): what decides its encoding, so types that
    /// encode alike are spelled alike (<c>list&lt;int32&gt;</c> for <c>int[]</c> and <c>List&lt;int&gt;</c>), and no
    /// namespaces, nullable reference annotations or tuple names.
    /// </param>
    /// <param name="Problem">Why the type cannot be marshalled and how to fix it (a sentence), when <see cref="Model"/> is null.</param>
    /// <param name="HasErrorType">The type contains an error type: the compiler already reports it, so stay silent.</param>
    /// <param name="Mangled">The type as part of a generated name (<c>ListOfPoint</c>), when <see cref="Model"/> is not null.</param>
    /// <param name="MissingMemoryPackFor">The [MemoryPackable] type that failed the resolution because the compilation
    /// does not reference Romp.MemoryPack (ROMP0020), or empty.</param>
    /// <param name="WireKind">The member name of <c>Romp.CompilerServices.RompWireKind</c> a value of the type travels as when it
    /// is a member of a [RompSerializable] type (docs/protocol.md §5), when <see cref="Model"/> is not null.</param>
    public readonly record struct Resolution(TypeModel? Model, string Canonical, string Problem, bool HasErrorType, string Mangled = "",
        string MissingMemoryPackFor = "", string WireKind = "")
    {
        public static Resolution Failed(string problem) => new(null, "", problem, HasErrorType: false);

        public static Resolution ErrorType { get; } = new(null, "", "", HasErrorType: true);
    }

    public static Resolution Resolve(ITypeSymbol type, KnownSymbols known)
    {
        if (ContainsErrorType(type))
            return Resolution.ErrorType;
        string? problem = null;
        Built? built = Build(type, known, ref problem);
        if (built is null)
        {
            Resolution failed = Resolution.Failed(problem ?? "Use a supported type.");
            return failed with { MissingMemoryPackFor = MemoryPackTypes.MissingPackageFor(type, known, failed.Problem) };
        }

        TypeModel model = CreateModel(type, built.Value.Formatter, built.Value.Mangled);
        return new Resolution(model, built.Value.Canonical, "", HasErrorType: false, built.Value.Mangled, WireKind: built.Value.Kind);
    }

    /// <summary>The model of <paramref name="type"/> read and written by <paramref name="formatter"/>, cached in a field named after <paramref name="mangled"/>.</summary>
    public static TypeModel CreateModel(ITypeSymbol type, string formatter, string mangled) => new(
        type.ToDisplayString(AnnotatedFormat),
        type.ToDisplayString(ObliviousFormat),
        formatter,
        "s_" + char.ToLowerInvariant(mangled[0]) + mangled.Substring(1));

    /// <summary>Whether values of <paramref name="type"/> travel by reference: it is a <c>[RompObject]</c> interface.</summary>
    public static bool IsRompObject(ITypeSymbol type, KnownSymbols known) =>
        type.TypeKind == TypeKind.Interface && HasAttribute(type, known.RompObjectAttribute);

    /// <summary>The formatter type name generated for a [RompSerializable] type: <c>Outer_PointFormatter</c>.</summary>
    public static string FormatterBaseName(INamedTypeSymbol type)
    {
        var name = new StringBuilder(type.Name);
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name.Insert(0, outer.Name + "_");
        return name.ToString();
    }

    /// <summary>Whether <paramref name="type"/> and every type containing it are public: then so is its formatter, for other assemblies.</summary>
    public static bool IsPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
                return false;
        }

        return true;
    }

    public static string NamespaceOf(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";

    /// <summary>Whether a member of this wire kind travels behind a length of its own (RompWriter.WriteDelimited).</summary>
    public static bool IsDelimited(string wireKind) => wireKind is "Sequence" or "Dictionary" or "Tuple" or "Reference" or "Value";

    // Kind: the RompWireKind of a [RompSerializable] member of the type.
    private readonly record struct Built(string Formatter, string Mangled, string Canonical, string Kind);

    private static Built? Build(ITypeSymbol type, KnownSymbols known, ref string? problem)
    {
        string oblivious = type.ToDisplayString(ObliviousFormat);
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: return Simple("Boolean", "bool");
            case SpecialType.System_Byte: return Simple("Byte", "uint8");
            case SpecialType.System_SByte: return Simple("SByte", "int8");
            case SpecialType.System_Int16: return Simple("Int16", "int16");
            case SpecialType.System_UInt16: return Simple("UInt16", "uint16");
            case SpecialType.System_Int32: return Simple("Int32", "int32");
            case SpecialType.System_UInt32: return Simple("UInt32", "uint32");
            case SpecialType.System_Int64: return Simple("Int64", "int64");
            case SpecialType.System_UInt64: return Simple("UInt64", "uint64");
            case SpecialType.System_Char: return Simple("Char", "char");
            case SpecialType.System_Single: return Simple("Single", "float32");
            case SpecialType.System_Double: return Simple("Double", "float64");
            case SpecialType.System_Decimal: return Simple("Decimal", "decimal");
            case SpecialType.System_String: return Simple("String", "string");
            case SpecialType.System_DateTime: return Simple("DateTime", "datetime");
            case SpecialType.System_Object:
                problem = "Declare a concrete type instead of object.";
                return null;
        }

        if (type is IArrayTypeSymbol array)
            return BuildArray(array, known, ref problem);

        if (type is not INamedTypeSymbol named)
        {
            problem = type.TypeKind switch
            {
                TypeKind.Dynamic => "Declare a concrete type instead of dynamic.",
                TypeKind.TypeParameter => "Open generic types cannot be marshalled; use a concrete type.",
                TypeKind.Pointer or TypeKind.FunctionPointer => "Pointers cannot be sent to another process.",
                _ => "Use a supported type.",
            };
            return null;
        }

        if (KnownSymbols.Is(named, known.Guid)) return Simple("Guid", "guid");
        if (KnownSymbols.Is(named, known.DateTimeOffset)) return Simple("DateTimeOffset", "datetimeoffset");
        if (KnownSymbols.Is(named, known.TimeSpan)) return Simple("TimeSpan", "timespan");
        if (KnownSymbols.Is(named, known.DateOnly)) return Simple("DateOnly", "dateonly");
        if (KnownSymbols.Is(named, known.TimeOnly)) return Simple("TimeOnly", "timeonly");
        if (KnownSymbols.Is(named, known.Half)) return Simple("Half", "float16");
        if (KnownSymbols.Is(named, known.Int128)) return Simple("Int128", "int128");
        if (KnownSymbols.Is(named, known.UInt128)) return Simple("UInt128", "uint128");

        if (KnownSymbols.Is(named, known.ReadOnlyMemory) || KnownSymbols.Is(named, known.Memory))
        {
            if (named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
            {
                string name = KnownSymbols.Is(named, known.Memory) ? "Memory" : "ReadOnlyMemory";
                return new Built(Formatters + name, name, "bytes", "Bytes");
            }

            problem = "Only ReadOnlyMemory<byte> and Memory<byte> are supported; send an array of the element type instead.";
            return null;
        }

        if (IsAny(named, known.Task, known.TaskOfT, known.ValueTask, known.ValueTaskOfT))
        {
            problem = "A task can only be the declared result of a method, not a value inside a call.";
            return null;
        }

        if (KnownSymbols.Is(named, known.AsyncEnumerable))
        {
            problem = "A stream (IAsyncEnumerable<T>) can only be the declared result of a method.";
            return null;
        }

        if (KnownSymbols.Is(named, known.CancellationToken))
        {
            problem = "A CancellationToken is not sent; declare it only as the last parameter of a method.";
            return null;
        }

        if (named.TypeKind == TypeKind.Enum)
            return new Built($"{Ns}EnumFormatter<{oblivious}>.Instance", named.Name, named.Name, EnumKind(named));

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            Built? inner = Build(named.TypeArguments[0], known, ref problem);
            if (inner is null)
                return null;
            string arg = named.TypeArguments[0].ToDisplayString(ObliviousFormat);
            return new Built($"new {Ns}NullableFormatter<{arg}>({inner.Value.Formatter})", "Nullable" + inner.Value.Mangled,
                "nullable<" + inner.Value.Canonical + ">", "Value");
        }

        if (named.IsTupleType)
            return BuildTuple(named, known, ref problem);

        if (IsAny(named, known.List))
            return Collection(named, known, "ListFormatter<{1}>", "List", "list", "Sequence", ref problem);
        if (IsAny(named, known.IList, known.ICollection, known.IReadOnlyList, known.IReadOnlyCollection, known.IEnumerable))
            return Collection(named, known, "SequenceFormatter<{0}, {1}>", named.Name, "list", "Sequence", ref problem);
        if (IsAny(named, known.HashSet, known.ISet, known.IReadOnlySet))
            return Collection(named, known, "HashSetFormatter<{0}, {1}>", named.Name, "set", "Sequence", ref problem);
        if (IsAny(named, known.Dictionary, known.IDictionary, known.IReadOnlyDictionary))
            return Collection(named, known, "DictionaryFormatter<{0}, {1}>", named.Name, "map", "Dictionary", ref problem);

        if (IsRompObject(named, known))
            return BuildReference(named, known, oblivious, ref problem);

        if (HasAttribute(named, known.RompSerializableAttribute))
            return BuildSerializable(named, known, oblivious, ref problem);

        // After [RompSerializable]: a type that is both is written by Romp, whose format it was asked for (docs/protocol.md §5).
        if (MemoryPackTypes.IsMemoryPackable(named))
            return BuildMemoryPack(named, known, oblivious, ref problem);

        // A Stream, a PipeReader or an IProgress<T> here is inside another value, or a type near one: the advice says
        // where they do travel (a method's own parameter or result, which CallValueParser resolves before this).
        if (CallScopedTypes.Problem(named, known) is { } callScoped)
        {
            problem = callScoped;
            return null;
        }

        problem = named.TypeKind switch
        {
            TypeKind.Interface => "Interfaces other than the supported collection interfaces cannot be marshalled; use a concrete type marked [RompSerializable], or mark the interface [RompObject] to pass objects by reference.",
            TypeKind.Delegate => "A delegate can only be a parameter of a remote method, where it is a block valid for the duration of the call.",
            _ when named.IsRefLikeType => "Ref structs such as Span<T> cannot be marshalled; use an array or ReadOnlyMemory<byte>.",
            _ when named.IsAbstract => "Abstract types cannot be marshalled; use a concrete type marked [RompSerializable].",
            _ => UnmarkedTypeAdvice.For(named, known.Compilation),
        };
        return null;
    }

    // The simple types' formatter names are their wire kinds' names.
    private static Built Simple(string name, string wire) => new(Formatters + name, name, wire, name);

    private static string EnumKind(INamedTypeSymbol type) => type.EnumUnderlyingType?.SpecialType switch
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

    private static Built? BuildArray(IArrayTypeSymbol array, KnownSymbols known, ref string? problem)
    {
        if (!array.IsSZArray)
        {
            problem = "Multi-dimensional arrays cannot be marshalled; use a jagged array (T[][]) or a list.";
            return null;
        }

        ITypeSymbol element = array.ElementType;
        if (element.SpecialType == SpecialType.System_Byte)
            return new Built(Formatters + "ByteArray", "ByteArray", "bytes", "Bytes");

        Built? inner = Build(element, known, ref problem);
        if (inner is null)
            return null;
        string arg = element.ToDisplayString(ObliviousFormat);
        string formatter = element.SpecialType switch
        {
            SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32
                or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single
                or SpecialType.System_Double or SpecialType.System_Char
                => $"new {Ns}UnmanagedArrayFormatter<{arg}>({inner.Value.Formatter})",
            _ => $"new {Ns}ArrayFormatter<{arg}>({inner.Value.Formatter})",
        };
        return new Built(formatter, inner.Value.Mangled + "Array", "list<" + inner.Value.Canonical + ">", "Sequence");
    }

    private static Built? BuildTuple(INamedTypeSymbol tuple, KnownSymbols known, ref string? problem)
    {
        List<ITypeSymbol> elements = tuple.TupleElements.Select(static e => e.Type).ToList();
        if (elements.Count < 2 || elements.Count > 7)
        {
            problem = "Only value tuples of 2 to 7 elements are supported; use a [RompSerializable] record for more.";
            return null;
        }

        return Compose(elements, known, "ValueTupleFormatter<{1}>", "Tuple", "tuple", "Tuple", includeDeclared: false, tuple, ref problem);
    }

    private static Built? Collection(INamedTypeSymbol named, KnownSymbols known, string pattern, string name, string wire, string kind, ref string? problem) =>
        Compose(named.TypeArguments, known, pattern, name, wire, kind, includeDeclared: true, named, ref problem);

    // pattern: {0} is the declared type, {1} the element type arguments. wire: the spelling of the encoding (list, set,
    // map, tuple); kind: its member wire kind.
    private static Built? Compose(IReadOnlyList<ITypeSymbol> arguments, KnownSymbols known, string pattern, string name, string wire,
        string kind, bool includeDeclared, INamedTypeSymbol declared, ref string? problem)
    {
        var formatters = new List<string>(arguments.Count);
        var mangled = new List<string>(arguments.Count);
        var canonical = new List<string>(arguments.Count);
        foreach (ITypeSymbol argument in arguments)
        {
            Built? inner = Build(argument, known, ref problem);
            if (inner is null)
                return null;
            formatters.Add(inner.Value.Formatter);
            mangled.Add(inner.Value.Mangled);
            canonical.Add(inner.Value.Canonical);
        }

        string typeArguments = string.Join(", ", arguments.Select(static a => a.ToDisplayString(ObliviousFormat)));
        string generic = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern,
            includeDeclared ? declared.ToDisplayString(ObliviousFormat) : "", typeArguments);
        return new Built(
            $"new {Ns}{generic}({string.Join(", ", formatters)})",
            name + "Of" + string.Join("And", mangled),
            wire + "<" + string.Join(",", canonical) + ">",
            kind);
    }

    // A [RompObject] interface is sent as a reference to an object exported on the sender's side, never by value; the
    // reference carries the contract, so the signature spells the contract's name.
    private static Built? BuildReference(INamedTypeSymbol named, KnownSymbols known, string oblivious, ref string? problem)
    {
        if (named.IsGenericType)
        {
            problem = "A generic [RompObject] interface has no contract, so it cannot be passed by reference; derive a non-generic interface from it and mark that one.";
            return null;
        }

        return new Built($"global::Romp.CompilerServices.RemoteRefFormatter<{oblivious}>.Instance", named.Name,
            "ref " + ContractName.Of(named, known, out _), "Reference");
    }

    private static Built? BuildSerializable(INamedTypeSymbol named, KnownSymbols known, string oblivious, ref string? problem)
    {
        if (named.IsGenericType || IsNestedInGeneric(named))
        {
            problem = "Generic [RompSerializable] types are not supported; declare a non-generic type.";
            return null;
        }

        bool union = named.IsAbstract && !named.IsStatic && UnionCases.IsUnion(named, known);
        if ((named.IsAbstract || named.IsStatic) && !union)
        {
            problem = $"'{named.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}' is abstract, so no value of exactly that type exists to send; declare its derived types with [RompUnion(tag, typeof(Derived))] on it, or declare a concrete [RompSerializable] type here.";
            return null;
        }

        string ns = NamespaceOf(named);
        string formatterName = FormatterBaseName(named) + "Formatter";
        string qualified = ns.Length == 0 ? formatterName : ns + "." + formatterName;
        if (!SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, known.Compilation.Assembly))
        {
            // Written by the generator of the assembly that declares the type: found by its mark, never by reflection.
            problem = ForeignFormatters.Problem(named, qualified, known);
            if (problem is not null)
                return null;
        }
        else if (union && UnionCases.Validate(named, UnionCases.Read(named, known), known).Count > 0)
        {
            // No formatter is written for a broken union; its own diagnostics say what to fix.
            problem = $"Its [RompUnion] cases have errors, reported on '{named.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}'; fix those first.";
            return null;
        }
        else if (!union && SerializableParser.Errors(named, known) is { Length: > 0 } errors)
        {
            // No formatter is generated for it: say so here rather than emit code that names a formatter that is not there.
            problem = $"'{named.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}' gets no formatter because of the {errors} reported on its declaration; fix that first.";
            return null;
        }

        return new Built($"global::{qualified}.Instance", named.Name, named.Name, "Record");
    }

    // MemoryPack's bytes, opaque to Romp, behind Romp's length prefix. The signature names the encoding too, so that
    // switching a type between Romp's format and MemoryPack's makes another method instead of mis-decoding.
    private static Built? BuildMemoryPack(INamedTypeSymbol named, KnownSymbols known, string oblivious, ref string? problem)
    {
        if (known.MemoryPackValueFormatter is null)
        {
            problem = MemoryPackTypes.MissingPackageProblem(named);
            return null;
        }

        return new Built($"global::Romp.CompilerServices.MemoryPackValueFormatter<{oblivious}>.Instance", named.Name,
            MemoryPackTypes.CanonicalPrefix + named.Name, "MemoryPack");
    }

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
            return false;
        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                return true;
        }

        return false;
    }

    public static bool IsNestedInGeneric(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.IsGenericType)
                return true;
        }

        return false;
    }

    private static bool IsAny(INamedTypeSymbol type, params INamedTypeSymbol?[] candidates)
    {
        foreach (INamedTypeSymbol? candidate in candidates)
        {
            if (KnownSymbols.Is(type, candidate))
                return true;
        }

        return false;
    }

    private static bool ContainsErrorType(ITypeSymbol type) => type switch
    {
        IErrorTypeSymbol => true,
        IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
        IPointerTypeSymbol pointer => ContainsErrorType(pointer.PointedAtType),
        _ => false,
    };
}
