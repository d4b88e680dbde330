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
/// Turns a <c>[RompSerializable]</c> declaration into a <see cref="SerializableModel"/>, or into diagnostics. Decides
/// what travels (see <c>RompSerializableAttribute</c>): every public member either travels with a wire id, is computed,
/// is marked <c>[RompIgnore]</c>, or is an error, so nothing is silently lost.
/// </summary>
internal static class SerializableParser
{
    private static readonly SymbolDisplayFormat s_messageFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

    public static ParseResult<SerializableModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not BaseTypeDeclarationSyntax)
            return ParseResult<SerializableModel>.Failed(ImmutableArray<Diagnostic>.Empty);

        var known = KnownSymbols.Create(context.SemanticModel.Compilation);
        known.SerializableErrors[type] = "";
        Analysis analysis = Analyze(type, known, cancellationToken);
        return new ParseResult<SerializableModel>(analysis.Model, analysis.Diagnostics);
    }

    /// <summary>
    /// Why no formatter is generated for <paramref name="type"/>, a <c>[RompSerializable]</c> type of this compilation:
    /// the errors reported on it (<c>error ROMP0103</c>, <c>errors ROMP0101, ROMP0109</c>, or <c>compile error</c> for a
    /// member of a type that does not compile); empty when it gets one. Code that would use the
    /// formatter asks first, so that a diagnostic is never followed by a compile error in generated code.
    /// </summary>
    public static string Errors(INamedTypeSymbol type, KnownSymbols known)
    {
        if (known.SerializableErrors.TryGetValue(type, out string? errors))
            return errors;
        known.SerializableErrors[type] = "";
        Analysis analysis = Analyze(type, known, CancellationToken.None);
        List<string> ids = analysis.Diagnostics
            .Where(static d => d.Severity == DiagnosticSeverity.Error)
            .Select(static d => d.Id)
            .Distinct()
            .ToList();
        errors = analysis.Model is not null ? ""
            : ids.Count == 0 ? "compile error"
            : (ids.Count == 1 ? "error " : "errors ") + string.Join(", ", ids);
        known.SerializableErrors[type] = errors;
        return errors;
    }

    /// <summary>The members a formatter of <paramref name="type"/> writes, with their wire ids; for the describe metadata.</summary>
    public static List<(ISymbol Member, ITypeSymbol Type, ushort Id)> WireMembers(INamedTypeSymbol type, KnownSymbols known, CancellationToken cancellationToken)
    {
        var members = new List<(ISymbol, ITypeSymbol, ushort)>();
        foreach (Sent sent in Analyze(type, known, cancellationToken).Members)
            members.Add((sent.Candidate.Member, sent.Candidate.Type, sent.Id));
        return members;
    }

    /// <summary>The constructor a formatter of <paramref name="type"/> builds it with, by the rules <see cref="Parse"/> applies; null when none fits.</summary>
    public static IMethodSymbol? FormatterConstructor(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        ChooseConstructor(type, CollectCandidates(type, cancellationToken));

    private sealed class Analysis
    {
        public SerializableModel? Model { get; set; }

        public ImmutableArray<Diagnostic> Diagnostics { get; set; } = ImmutableArray<Diagnostic>.Empty;

        public List<Sent> Members { get; } = new();
    }

    private enum Settable
    {
        No,
        Set,
        Init,
        NotPublic,
    }

    // A public instance field, or a property with a public getter. Computed: a property with no setter and no backing
    // field (`public int Area => W * H;`), which the reader computes again from what was sent.
    private readonly record struct Candidate(ISymbol Member, ITypeSymbol Type, Settable Settable, bool IsComputed, bool IsRequired);

    private readonly record struct Sent(Candidate Candidate, ushort Id, bool IsExplicit, Location Location);

    private static Analysis Analyze(INamedTypeSymbol type, KnownSymbols known, CancellationToken cancellationToken)
    {
        var analysis = new Analysis();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        Location location = type.Locations.FirstOrDefault(static l => l.IsInSource) ?? Location.None;
        string name = type.ToDisplayString(s_messageFormat);
        bool union = type.IsAbstract && !type.IsStatic && UnionCases.IsUnion(type, known);
        if (CheckType(type, union, location, name) is { } refusal)
        {
            analysis.Diagnostics = ImmutableArray.Create(refusal);
            return analysis;
        }

        if (InheritanceRules.Check(type, known, location) is { } sliced)
            diagnostics.Add(sliced);
        if (union)
        {
            // A union: UnionParser writes its formatter and reports its problems.
            analysis.Diagnostics = diagnostics.ToImmutable();
            return analysis;
        }

        List<Candidate> candidates = CollectCandidates(type, cancellationToken);
        IMethodSymbol? constructor = ChooseConstructor(type, candidates);
        if (constructor is null && !type.IsValueType)
        {
            analysis.Diagnostics = ImmutableArray.Create(Diagnostic.Create(RompDiagnostics.NoUsableConstructor, location, name,
                "no public constructor has parameters that all match public members",
                "Add a public parameterless constructor, or a public constructor whose parameters match public members by name and type."));
            return analysis;
        }

        var fields = new FormatterFieldAllocator();
        var members = new List<SerializableMemberModel>();
        // A parameter whose member is not sent ([RompIgnore]) gets its default value; the others, their member's value.
        string[] constructorArguments = constructor is null ? [] : constructor.Parameters.Select(ParameterDefaults.Expression).ToArray();

        bool failed = false;
        foreach (Candidate candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IParameterSymbol? parameter = constructor is null ? null : MatchingParameter(constructor, candidate);
            Location memberLocation = candidate.Member.Locations.FirstOrDefault(static l => l.IsInSource) ?? location;
            if (TypeParser.HasAttribute(candidate.Member, known.RompIgnoreAttribute) || (parameter is not null && TypeParser.HasAttribute(parameter, known.RompIgnoreAttribute)))
            {
                if (candidate.IsRequired)
                    diagnostics.Add(Diagnostic.Create(RompDiagnostics.IgnoredRequiredMember, memberLocation, candidate.Member.Name, name));
                continue;
            }

            if (AssignmentOf(candidate, parameter) is not { } assignment)
            {
                // Only members declared in source: a referenced base class cannot be changed, and its private
                // accessors and backing fields are not visible to tell state from computation.
                if (!candidate.IsComputed && memberLocation.IsInSource && SymbolEqualityComparer.Default.Equals(candidate.Member.ContainingAssembly, type.ContainingAssembly))
                    diagnostics.Add(NotSent(candidate, memberLocation, name));
                continue;
            }

            WireId? id = MemberId(candidate.Member, parameter, known, name, diagnostics);
            SerializableMemberModel? member = CreateMember(candidate, assignment, parameter, known, fields, name, location, diagnostics, cancellationToken);
            if (id is null || member is null)
            {
                failed = true;
                continue;
            }

            if (parameter is not null)
                constructorArguments[parameter.Ordinal] = "m" + members.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            analysis.Members.Add(new Sent(candidate, id.Value.Value, id.Value.IsExplicit, memberLocation));
            members.Add(member with { Id = id.Value.Value });
        }

        CheckIds(type, analysis.Members, known, name, diagnostics);
        analysis.Diagnostics = diagnostics.ToImmutable();
        if (failed || diagnostics.Any(static d => d.Severity == DiagnosticSeverity.Error))
            return analysis;

        analysis.Model = new SerializableModel(
            TypeParser.NamespaceOf(type),
            TypeParser.FormatterBaseName(type),
            type.ToDisplayString(TypeParser.ObliviousFormat),
            type.IsValueType,
            members.ToEquatableArray(),
            constructorArguments.ToEquatableArray(),
            TypeParser.IsPublic(type),
            type.IsSealed || type.IsValueType);
        return analysis;
    }

    // How the reader gives a member its value, or null for one that does not travel: the constructor takes it, else the
    // object initializer (init-only and required members), else a public setter.
    private static MemberAssignment? AssignmentOf(Candidate candidate, IParameterSymbol? parameter)
    {
        if (parameter is not null)
            return MemberAssignment.Constructor;
        if (candidate.Settable == Settable.Init || candidate.IsRequired)
            return MemberAssignment.Initializer;
        return candidate.Settable == Settable.Set ? MemberAssignment.Setter : null;
    }

    private static Diagnostic? CheckType(INamedTypeSymbol type, bool union, Location location, string name)
    {
        if (type.IsGenericType)
            return Diagnostic.Create(RompDiagnostics.SerializableMustNotBeGeneric, location, name);
        if (ObjectParser.DescribeInaccessibility(type) is { } problem)
            return Diagnostic.Create(RompDiagnostics.SerializableNotAccessible, location, name, problem);
        if (type.IsStatic)
            return Diagnostic.Create(RompDiagnostics.NoUsableConstructor, location, name, "it is static", "Remove 'static': a value of the type must exist to be sent.");
        if (type.IsAbstract && !union)
        {
            return Diagnostic.Create(RompDiagnostics.NoUsableConstructor, location, name, "it is abstract",
                $"Declare its derived types with [RompUnion(tag, typeof(Derived))] on '{type.Name}' (each derived type [RompSerializable]), so that a value travels as its real type, or remove 'abstract'.");
        }

        return null;
    }

    private static SerializableMemberModel? CreateMember(Candidate candidate, MemberAssignment assignment, IParameterSymbol? parameter,
        KnownSymbols known, FormatterFieldAllocator fields, string typeName, Location location, ImmutableArray<Diagnostic>.Builder diagnostics,
        CancellationToken cancellationToken)
    {
        TypeParser.Resolution resolution = TypeParser.Resolve(candidate.Type, known);
        if (resolution.Model is null)
        {
            if (resolution.MissingMemoryPackFor.Length > 0)
            {
                diagnostics.Add(Diagnostic.Create(RompDiagnostics.MemoryPackNotReferenced, TypeLocation(candidate.Member, cancellationToken) ?? location,
                    resolution.MissingMemoryPackFor));
            }
            else if (!resolution.HasErrorType)
            {
                diagnostics.Add(Diagnostic.Create(RompDiagnostics.UnsupportedMemberType, TypeLocation(candidate.Member, cancellationToken) ?? location,
                    candidate.Member.Name, typeName, candidate.Type.ToDisplayString(s_messageFormat), resolution.Problem));
            }

            // An error type is the compiler's to report; the formatter is not generated either way.
            return null;
        }

        // A Nullable<T> member travels as T, or as the wire kind Null: a member that becomes nullable stays readable.
        TypeModel declared = resolution.Model;
        TypeModel written = declared;
        string kind = resolution.WireKind;
        bool isNullableValue = false;
        if (candidate.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            TypeParser.Resolution value = TypeParser.Resolve(nullable.TypeArguments[0], known);
            written = value.Model!;
            kind = value.WireKind;
            isNullableValue = true;
        }

        bool keepsInitialValue = assignment == MemberAssignment.Initializer && !candidate.IsRequired && MayHaveInitialValue(candidate.Member, cancellationToken);
        return new SerializableMemberModel(
            ObjectParser.Identifier(candidate.Member.Name),
            candidate.Member.Name,
            0,
            declared.Name,
            fields.Allocate(written),
            isNullableValue,
            kind,
            TypeParser.IsDelimited(kind),
            assignment,
            candidate.IsRequired,
            keepsInitialValue,
            ParameterDefaults.Expression(parameter));
    }

    // Whether an init-only member's own value (`{ get; init; } = new()`, or an accessor with a body) may differ from default.
    private static bool MayHaveInitialValue(ISymbol member, CancellationToken cancellationToken)
    {
        SyntaxNode? syntax = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
        return syntax switch
        {
            PropertyDeclarationSyntax property => property.Initializer is not null
                || property.AccessorList?.Accessors.Any(static a => a.Body is not null || a.ExpressionBody is not null) == true,
            VariableDeclaratorSyntax field => field.Initializer is not null,
            ParameterSyntax => false,
            _ => true,
        };
    }

    private static Diagnostic NotSent(Candidate candidate, Location location, string typeName)
    {
        string parameter = char.ToLowerInvariant(candidate.Member.Name[0]) + candidate.Member.Name.Substring(1);
        (string reason, string fix) = candidate.Member switch
        {
            IFieldSymbol => ("it is a readonly field that no constructor parameter sets",
                $"Add a parameter named '{parameter}' to the public constructor, remove 'readonly', or mark it [RompIgnore]."),
            IPropertySymbol { SetMethod: { } setter } => ($"its setter is {Accessibility(setter.DeclaredAccessibility)}",
                $"Make the setter public (or init), add a public constructor parameter named '{parameter}', or mark it [RompIgnore]."),
            _ => ("it is get-only and no constructor parameter sets it",
                $"Add a public constructor parameter named '{parameter}', give it an init accessor ({{ get; init; }}), or mark it [RompIgnore]."),
        };
        return Diagnostic.Create(RompDiagnostics.MemberNotSent, location, candidate.Member.Name, typeName, reason, fix);
    }

    private static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "not public",
    };

    private readonly record struct WireId(ushort Value, bool IsExplicit);

    // [RompId] on the member, or on the constructor parameter that sets it (a positional record's); else from the name.
    private static WireId? MemberId(ISymbol member, IParameterSymbol? parameter, KnownSymbols known, string typeName, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        AttributeData? attribute = FindAttribute(member, known.RompIdAttribute) ?? (parameter is null ? null : FindAttribute(parameter, known.RompIdAttribute));
        if (attribute is null)
            return new WireId(MemberIds.Derive(member.Name), IsExplicit: false);
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int id)
            return null; // a malformed attribute: the compiler reports it
        if (id is < 1 or > MemberIds.Max)
        {
            diagnostics.Add(Diagnostic.Create(RompDiagnostics.MemberIdOutOfRange, AttributeLocation(attribute, member),
                $"[RompId] on '{member.Name}' of '{typeName}'", id));
            return null;
        }

        return new WireId((ushort)id, IsExplicit: true);
    }

    private static void CheckIds(INamedTypeSymbol type, List<Sent> members, KnownSymbols known, string typeName, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        // Reserved ids, and the ids derived from reserved names, with the name (null for an id given as such); and the
        // names themselves, which a JSON form (the describe metadata) shows whatever the member's id.
        var reserved = new Dictionary<int, string?>();
        var reservedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.RompReservedAttribute)
                || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind != TypedConstantKind.Array)
                continue;
            foreach (TypedConstant entry in attribute.ConstructorArguments[0].Values)
            {
                if (entry.Value is int id)
                {
                    if (id is < 1 or > MemberIds.Max)
                        diagnostics.Add(Diagnostic.Create(RompDiagnostics.MemberIdOutOfRange, AttributeLocation(attribute, type), $"[RompReserved] on '{typeName}'", id));
                    else
                        reserved[id] = null;
                }
                else if (entry.Value is string reservedName)
                {
                    reserved[MemberIds.Derive(reservedName)] = reservedName;
                    reservedNames.Add(reservedName);
                }
            }
        }

        var byId = new Dictionary<ushort, Sent>();
        foreach (Sent member in members)
        {
            string memberName = member.Candidate.Member.Name;
            if (byId.TryGetValue(member.Id, out Sent other))
            {
                DiagnosticDescriptor descriptor = member.IsExplicit || other.IsExplicit ? RompDiagnostics.DuplicateMemberId : RompDiagnostics.DerivedMemberIdCollision;
                diagnostics.Add(Diagnostic.Create(descriptor, member.Location, other.Candidate.Member.Name, memberName, typeName, MemberIds.Format(member.Id)));
            }
            else
            {
                byId[member.Id] = member;
            }

            string? what = reservedNames.Contains(memberName) ? $"the name '{memberName}'"
                : !reserved.TryGetValue(member.Id, out string? removed) ? null
                : removed is null ? $"the wire id {MemberIds.Format(member.Id)}"
                : $"the wire id {MemberIds.Format(member.Id)}, which the reserved name '{removed}' derives too";
            if (what is not null)
                diagnostics.Add(Diagnostic.Create(RompDiagnostics.ReservedMemberId, member.Location, memberName, typeName, what));
        }
    }

    private static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
            return null;
        foreach (AttributeData data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                return data;
        }

        return null;
    }

    private static Location AttributeLocation(AttributeData attribute, ISymbol owner) =>
        attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation()
            ?? owner.Locations.FirstOrDefault(static l => l.IsInSource)
            ?? Location.None;

    // Public instance fields and properties with a public getter, base class first: the one walk over the base chain.
    // A member redeclared in a derived class (override or new) keeps the place of the base declaration. An exception's
    // chain stops below System.Exception, whose members travel only as ExceptionMembers says.
    private static List<Candidate> CollectCandidates(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType && !ExceptionMembers.IsSystemException(current); current = current.BaseType)
            chain.Insert(0, current);

        var candidates = new List<Candidate>();
        if (ExceptionMembers.MessageMember(type) is { } message)
            candidates.Add(new Candidate(message, message.Type, Settable.No, IsComputed: false, IsRequired: false));
        foreach (INamedTypeSymbol level in chain)
        {
            foreach (ISymbol member in level.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member.IsStatic || member.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Public || member.IsImplicitlyDeclared && member is IFieldSymbol)
                    continue;
                Candidate? candidate = member switch
                {
                    IFieldSymbol { IsConst: false, IsFixedSizeBuffer: false } field =>
                        new Candidate(field, field.Type, field.IsReadOnly ? Settable.No : Settable.Set, IsComputed: false, field.IsRequired),
                    IPropertySymbol { IsIndexer: false, ReturnsByRef: false, ReturnsByRefReadonly: false, GetMethod.DeclaredAccessibility: Microsoft.CodeAnalysis.Accessibility.Public } property
                        when property.Name != "EqualityContract" =>
                        new Candidate(property, property.Type, SettableOf(property),
                            IsComputed: property.SetMethod is null && !HasBackingField(level, property), property.IsRequired),
                    _ => null,
                };
                if (candidate is null)
                    continue;
                int existing = candidates.FindIndex(c => c.Member.Name == member.Name);
                if (existing >= 0)
                    candidates[existing] = candidate.Value;
                else
                    candidates.Add(candidate.Value);
            }
        }

        return candidates;
    }

    private static Settable SettableOf(IPropertySymbol property) => property.SetMethod switch
    {
        null => Settable.No,
        { DeclaredAccessibility: not Microsoft.CodeAnalysis.Accessibility.Public } => Settable.NotPublic,
        { IsInitOnly: true } => Settable.Init,
        _ => Settable.Set,
    };

    // An auto-property's compiler-made field: a get-only property that has one holds state, one without computes.
    private static bool HasBackingField(INamedTypeSymbol level, IPropertySymbol property)
    {
        foreach (ISymbol member in level.GetMembers())
        {
            if (member is IFieldSymbol { AssociatedSymbol: { } associated } && SymbolEqualityComparer.Default.Equals(associated, property))
                return true;
        }

        return false;
    }

    // The public constructor with the most parameters that all match members; a parameterless one matches trivially.
    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<Candidate> candidates) =>
        type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public && c.Parameters.All(p => p.RefKind == RefKind.None && Matches(p, candidates)))
            .OrderByDescending(static c => c.Parameters.Length)
            .FirstOrDefault();

    private static bool Matches(IParameterSymbol parameter, List<Candidate> candidates) =>
        candidates.Any(c => Matches(parameter, c));

    private static bool Matches(IParameterSymbol parameter, Candidate candidate) =>
        string.Equals(candidate.Member.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) &&
        SymbolEqualityComparer.Default.Equals(candidate.Type, parameter.Type);

    private static IParameterSymbol? MatchingParameter(IMethodSymbol constructor, Candidate candidate)
    {
        foreach (IParameterSymbol parameter in constructor.Parameters)
        {
            if (Matches(parameter, candidate))
                return parameter;
        }

        return null;
    }

    private static Location? TypeLocation(ISymbol member, CancellationToken cancellationToken) =>
        member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) switch
        {
            BasePropertyDeclarationSyntax property => property.Type.GetLocation(),
            VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } => declaration.Type.GetLocation(),
            ParameterSyntax { Type: { } type } => type.GetLocation(),
            _ => member.Locations.FirstOrDefault(static l => l.IsInSource),
        };
}
