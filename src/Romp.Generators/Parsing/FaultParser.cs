using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Romp.Generators.Diagnostics;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>
/// Reads the <c>[RompFault]</c> attributes of one <c>[RompObject]</c> interface: each remote member's faults are those
/// of the interface that declares it, of the <c>[RompObject]</c> interface (which inherits it), and its own. A fault that cannot work is reported and left out; the rest of the
/// contract is generated as usual, so no diagnostic is followed by errors in generated code.
/// </summary>
internal sealed class FaultParser
{
    private static readonly SymbolDisplayFormat s_messageFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

    // The base library exceptions that come back as themselves anyway; the runtime's list is Errors/StandardFaults.cs.
    private static readonly ImmutableHashSet<string> s_standard = ImmutableHashSet.Create(StringComparer.Ordinal,
        "System.ArgumentException", "System.ArgumentNullException", "System.ArgumentOutOfRangeException",
        "System.InvalidOperationException", "System.ObjectDisposedException", "System.Collections.Generic.KeyNotFoundException",
        "System.NotSupportedException", "System.TimeoutException", "System.UnauthorizedAccessException", "System.FormatException");

    private readonly INamedTypeSymbol _object;
    private readonly KnownSymbols _known;
    private readonly CancellationToken _cancellationToken;
    private readonly ImmutableArray<Diagnostic>.Builder _diagnostics;

    // Each interface's and member's attributes are parsed, and reported, once: a property's two accessors and every
    // member of an interface share them.
    private readonly Dictionary<ISymbol, List<Declared>> _declared = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, EquatableArray<FaultModel>> _members = new(SymbolEqualityComparer.Default);

    // A conflict between two interfaces' faults shows up for each member both cover: reported once.
    private readonly HashSet<(Location, string)> _conflicts = new();

    public FaultParser(INamedTypeSymbol rompObject, KnownSymbols known, ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        _object = rompObject;
        _known = known;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    private readonly record struct Declared(FaultModel Model, INamedTypeSymbol Type, Location Location);

    /// <summary>
    /// The faults of <paramref name="member"/> (a method or a property): the declaring interface's, the [RompObject]
    /// interface's, then its own. A one-way member has none: its caller never receives an error.
    /// </summary>
    public EquatableArray<FaultModel> ForMember(ISymbol member, bool oneway, string name)
    {
        if (_members.TryGetValue(member, out EquatableArray<FaultModel> known))
            return known;

        List<Declared> own = Parse(member, name);
        EquatableArray<FaultModel> faults;
        if (oneway)
        {
            if (own.Count > 0)
                _diagnostics.Add(Diagnostic.Create(RompDiagnostics.FaultOnOneway, own[0].Location, name));
            faults = EquatableArray<FaultModel>.Empty;
        }
        else
        {
            var merged = new List<Declared>(Parse(member.ContainingType, member.ContainingType.ToDisplayString(s_messageFormat)));
            if (!SymbolEqualityComparer.Default.Equals(member.ContainingType, _object))
            {
                foreach (Declared fault in Parse(_object, _object.ToDisplayString(s_messageFormat)))
                    AddDistinct(merged, fault, name);
            }

            foreach (Declared fault in own)
                AddDistinct(merged, fault, name);
            faults = merged.Select(static f => f.Model).ToEquatableArray();
        }

        _members.Add(member, faults);
        return faults;
    }

    private List<Declared> Parse(ISymbol target, string name)
    {
        if (_declared.TryGetValue(target, out List<Declared>? parsed))
            return parsed;

        parsed = new List<Declared>();
        foreach (AttributeData attribute in target.GetAttributes())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.RompFaultAttribute))
                continue;
            if (ParseOne(attribute, target) is { } fault)
                AddDistinct(parsed, fault, name);
        }

        _declared.Add(target, parsed);
        return parsed;
    }

    // A type listed twice under one name is one fault; a name given to two types, or a type given two names, conflicts.
    private void AddDistinct(List<Declared> faults, Declared fault, string name)
    {
        foreach (Declared other in faults)
        {
            bool sameType = SymbolEqualityComparer.Default.Equals(other.Type, fault.Type);
            bool sameName = other.Model.Name == fault.Model.Name;
            if (sameType && sameName)
                return;
            if (sameType || sameName)
            {
                string conflict = sameType
                    ? $"'{Display(fault.Type)}' is declared under the names '{other.Model.Name}' and '{fault.Model.Name}'"
                    : $"'{Display(other.Type)}' and '{Display(fault.Type)}' both have the name '{fault.Model.Name}'";
                if (_conflicts.Add((fault.Location, conflict)))
                    _diagnostics.Add(Diagnostic.Create(RompDiagnostics.FaultNameConflict, fault.Location, name, conflict));
                return;
            }
        }

        faults.Add(fault);
    }

    private Declared? ParseOne(AttributeData attribute, ISymbol target)
    {
        Location location = attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation()
            ?? target.Locations.FirstOrDefault() ?? Location.None;
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not ITypeSymbol listed || listed.TypeKind == TypeKind.Error)
            return null; // typeof(null) or a type that does not exist: the compiler says so

        if (listed is not INamedTypeSymbol type || !ExceptionMembers.IsException(type))
        {
            _diagnostics.Add(Diagnostic.Create(RompDiagnostics.FaultNotException, location, Display(listed)));
            return null;
        }

        string fullName = ObjectParser.MetadataName(type);
        if (s_standard.Contains(fullName) && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _known.Exception?.ContainingAssembly))
        {
            _diagnostics.Add(Diagnostic.Create(RompDiagnostics.FaultAlreadyStandard, location, Display(type)));
            return null;
        }

        if (!TypeParser.HasAttribute(type, _known.RompSerializableAttribute))
        {
            _diagnostics.Add(Diagnostic.Create(RompDiagnostics.FaultNotSerializable, location, Display(type)));
            return null;
        }

        string name = fullName;
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == "Name" && argument.Value.Value is string given)
                name = given;
        }

        if (Unusable(type, name) is { } problem)
        {
            _diagnostics.Add(Diagnostic.Create(RompDiagnostics.FaultNotUsable, location, Display(type), problem));
            return null;
        }

        TypeParser.Resolution resolution = TypeParser.Resolve(type, _known);
        if (resolution.Model is null)
        {
            if (!resolution.HasErrorType)
                _diagnostics.Add(Diagnostic.Create(RompDiagnostics.FaultNotUsable, location, Display(type), resolution.Problem));
            return null;
        }

        // No constructor fits: ROMP0103 says so on the type, which gets no formatter for a fault table to name.
        IMethodSymbol? constructor = SerializableParser.FormatterConstructor(type, _cancellationToken);
        if (constructor is null)
            return null;

        // Reported, and still declared: the build fails on the error, and the generated code compiles meanwhile.
        if (!MessageReachesCaller(type, constructor))
            _diagnostics.Add(Diagnostic.Create(RompDiagnostics.FaultMessageLost, location, Display(type)));
        return new Declared(new FaultModel(name, type.ToDisplayString(TypeParser.ObliviousFormat), resolution.Model.Formatter), type, location);
    }

    private static string? Unusable(INamedTypeSymbol type, string name)
    {
        if (name.Length == 0)
            return "its Name is empty. Give it a non-empty name, or leave Name out to use the type's full name.";
        if (type.IsAbstract)
            return "it is abstract, and a caller can only be given an instance of a concrete type. List the concrete exception types the method throws.";
        if (type.IsGenericType || TypeParser.IsNestedInGeneric(type))
            return "it is generic. Declare a non-generic exception type.";
        if (ObjectParser.DescribeInaccessibility(type) is { } problem)
            return $"it is {problem}, so generated code cannot name it. Make it and its containing types public or internal.";
        return null;
    }

    // The formatter builds the exception with one constructor; the message reaches it as that constructor's 'message'
    // parameter (then it is one of the members), or the type makes it (a base(...) call with arguments, an override).
    private bool MessageReachesCaller(INamedTypeSymbol type, IMethodSymbol constructor)
    {
        for (INamedTypeSymbol? current = type; current is not null && !ExceptionMembers.IsSystemException(current); current = current.BaseType)
        {
            if (current.GetMembers("Message").OfType<IPropertySymbol>().Any(static p => p.IsOverride))
                return true;
        }

        if (constructor.Parameters.Any(static p => string.Equals(p.Name, "message", StringComparison.OrdinalIgnoreCase)))
            return true;
        if (constructor.IsImplicitlyDeclared)
            return !type.Locations.Any(static l => l.IsInSource); // the implicit parameterless one calls base()
        return constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken) switch
        {
            ConstructorDeclarationSyntax declared => declared.Initializer is { ArgumentList.Arguments.Count: > 0 },
            TypeDeclarationSyntax primary => primary.BaseList?.Types.FirstOrDefault() is PrimaryConstructorBaseTypeSyntax { ArgumentList.Arguments.Count: > 0 },
            _ => true, // a constructor from metadata: nothing to tell
        };
    }

    private static string Display(ITypeSymbol type) => type.ToDisplayString(s_messageFormat);
}
