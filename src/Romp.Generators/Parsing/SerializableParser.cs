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

/// <summary>Turns a <c>[RompSerializable]</c> declaration into a <see cref="SerializableModel"/>, or into diagnostics.</summary>
internal static class SerializableParser
{
    private static readonly SymbolDisplayFormat s_messageFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

    public static ParseResult<SerializableModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not BaseTypeDeclarationSyntax declaration)
            return ParseResult<SerializableModel>.Failed(ImmutableArray<Diagnostic>.Empty);

        Location location = declaration.Identifier.GetLocation();
        string name = type.ToDisplayString(s_messageFormat);
        ImmutableArray<Diagnostic>.Builder diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        if (type.IsGenericType)
        {
            diagnostics.Add(Diagnostic.Create(RompDiagnostics.SerializableMustNotBeGeneric, location, name));
            return ParseResult<SerializableModel>.Failed(diagnostics.ToImmutable());
        }

        if (ObjectParser.DescribeInaccessibility(type) is { } problem)
        {
            diagnostics.Add(Diagnostic.Create(RompDiagnostics.SerializableNotAccessible, location, name, problem));
            return ParseResult<SerializableModel>.Failed(diagnostics.ToImmutable());
        }

        var known = KnownSymbols.Create(context.SemanticModel.Compilation);
        if (InheritanceRules.Check(type, known, location) is { } sliced)
            diagnostics.Add(sliced);

        if (type.IsAbstract && !type.IsStatic && UnionCases.IsUnion(type, known))
        {
            // A union: UnionParser writes its formatter and reports its problems.
            return ParseResult<SerializableModel>.Failed(diagnostics.ToImmutable());
        }

        if (type.IsAbstract || type.IsStatic)
        {
            diagnostics.Add(Diagnostic.Create(RompDiagnostics.NoUsableConstructor, location, name, type.IsStatic ? "it is static" : "it is abstract"));
            return ParseResult<SerializableModel>.Failed(diagnostics.ToImmutable());
        }

        List<Candidate> candidates = CollectCandidates(type, cancellationToken);
        IMethodSymbol? constructor = ChooseConstructor(type, candidates);
        if (constructor is null && !type.IsValueType)
        {
            diagnostics.Add(Diagnostic.Create(RompDiagnostics.NoUsableConstructor, location, name,
                "no public constructor has parameters that all match public members"));
            return ParseResult<SerializableModel>.Failed(diagnostics.ToImmutable());
        }

        var fields = new FormatterFieldAllocator();
        var members = new List<SerializableMemberModel>();
        var constructorArguments = new int[constructor?.Parameters.Length ?? 0];
        bool failed = false;
        foreach (Candidate candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int parameterIndex = constructor is null ? -1 : IndexOfParameter(constructor, candidate);
            MemberAssignment assignment;
            if (parameterIndex >= 0)
                assignment = MemberAssignment.Constructor;
            else if (candidate.Settable == Settable.Init || candidate.Member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
                assignment = MemberAssignment.Initializer;
            else if (candidate.Settable == Settable.Set)
                assignment = MemberAssignment.Setter;
            else
                continue;

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
                        candidate.Member.Name, name, candidate.Type.ToDisplayString(s_messageFormat), resolution.Problem));
                }

                failed = true;
                continue;
            }

            if (parameterIndex >= 0)
                constructorArguments[parameterIndex] = members.Count;
            members.Add(new SerializableMemberModel(ObjectParser.Identifier(candidate.Member.Name), fields.Allocate(resolution.Model), assignment));
        }

        if (failed)
            return ParseResult<SerializableModel>.Failed(diagnostics.ToImmutable());

        var model = new SerializableModel(
            TypeParser.NamespaceOf(type),
            TypeParser.FormatterBaseName(type),
            type.ToDisplayString(TypeParser.ObliviousFormat),
            type.IsValueType,
            members.ToEquatableArray(),
            constructorArguments.ToEquatableArray(),
            TypeParser.IsPublic(type),
            type.IsSealed || type.IsValueType);
        return new ParseResult<SerializableModel>(model, diagnostics.ToImmutable());
    }

    /// <summary>
    /// The members a formatter of <paramref name="type"/> writes, in wire order, by the rules <see cref="Parse"/> applies
    /// (constructor parameters, init-only, required and settable members); for the describe metadata.
    /// </summary>
    public static List<(ISymbol Member, ITypeSymbol Type)> WireMembers(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        List<Candidate> candidates = CollectCandidates(type, cancellationToken);
        IMethodSymbol? constructor = ChooseConstructor(type, candidates);
        var members = new List<(ISymbol, ITypeSymbol)>();
        foreach (Candidate candidate in candidates)
        {
            bool sent = (constructor is not null && IndexOfParameter(constructor, candidate) >= 0)
                || candidate.Settable != Settable.No
                || candidate.Member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
            if (sent)
                members.Add((candidate.Member, candidate.Type));
        }

        return members;
    }

    /// <summary>The constructor a formatter of <paramref name="type"/> builds it with, by the rules <see cref="Parse"/> applies; null when none fits.</summary>
    public static IMethodSymbol? FormatterConstructor(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        ChooseConstructor(type, CollectCandidates(type, cancellationToken));

    private enum Settable
    {
        No,
        Set,
        Init,
    }

    private readonly record struct Candidate(ISymbol Member, ITypeSymbol Type, Settable Settable);

    // Public instance fields and readable properties, base class first; a member redeclared in a derived class
    // (override or new) keeps the position of the base declaration so the wire order does not move.
    // An exception's chain stops below System.Exception, whose members travel only as ExceptionMembers says.
    private static List<Candidate> CollectCandidates(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var chain = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType && !ExceptionMembers.IsSystemException(current); current = current.BaseType)
            chain.Insert(0, current);

        var candidates = new List<Candidate>();
        if (ExceptionMembers.MessageMember(type) is { } message)
            candidates.Add(new Candidate(message, message.Type, Settable.No));
        foreach (INamedTypeSymbol level in chain)
        {
            foreach (ISymbol member in level.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared && member is IFieldSymbol)
                    continue;
                Candidate? candidate = member switch
                {
                    IFieldSymbol { IsConst: false, IsFixedSizeBuffer: false } field =>
                        new Candidate(field, field.Type, field.IsReadOnly ? Settable.No : Settable.Set),
                    IPropertySymbol { IsIndexer: false, ReturnsByRef: false, ReturnsByRefReadonly: false, GetMethod.DeclaredAccessibility: Accessibility.Public } property
                        when property.Name != "EqualityContract" =>
                        new Candidate(property, property.Type, property.SetMethod is { DeclaredAccessibility: Accessibility.Public } setter
                            ? (setter.IsInitOnly ? Settable.Init : Settable.Set)
                            : Settable.No),
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

    // The public constructor with the most parameters that all match members; a parameterless one matches trivially.
    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type, List<Candidate> candidates) =>
        type.InstanceConstructors
            .Where(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.All(p => p.RefKind == RefKind.None && Matches(p, candidates) >= 0))
            .OrderByDescending(static c => c.Parameters.Length)
            .FirstOrDefault();

    private static int Matches(IParameterSymbol parameter, List<Candidate> candidates) =>
        candidates.FindIndex(c => string.Equals(c.Member.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) &&
            SymbolEqualityComparer.Default.Equals(c.Type, parameter.Type));

    private static int IndexOfParameter(IMethodSymbol constructor, Candidate candidate)
    {
        for (int i = 0; i < constructor.Parameters.Length; i++)
        {
            IParameterSymbol parameter = constructor.Parameters[i];
            if (string.Equals(candidate.Member.Name, parameter.Name, StringComparison.OrdinalIgnoreCase) &&
                SymbolEqualityComparer.Default.Equals(candidate.Type, parameter.Type))
            {
                return i;
            }
        }

        return -1;
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
