using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>Turns a type with <c>[RompUnion]</c> cases into a <see cref="UnionModel"/>, or into diagnostics.</summary>
internal static class UnionParser
{
    public static ParseResult<UnionModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not BaseTypeDeclarationSyntax declaration)
            return ParseResult<UnionModel>.Failed(ImmutableArray<Diagnostic>.Empty);

        var known = KnownSymbols.Create(context.SemanticModel.Compilation);
        List<UnionCases.Case> cases = UnionCases.Read(type, known);
        List<UnionCases.Problem> problems = UnionCases.Validate(type, cases, known);
        if (problems.Count > 0)
        {
            ImmutableArray<Diagnostic>.Builder diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
            foreach (UnionCases.Problem problem in problems)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (problem.Descriptor is null)
                    continue;
                Location location = problem.Attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()
                    ?? declaration.Identifier.GetLocation();
                diagnostics.Add(Diagnostic.Create(problem.Descriptor, location, problem.Arguments));
            }

            return ParseResult<UnionModel>.Failed(diagnostics.ToImmutable());
        }

        var models = new List<(UnionCaseModel Model, int Depth)>();
        foreach (UnionCases.Case @case in cases)
        {
            INamedTypeSymbol caseType = @case.Type!;
            TypeParser.Resolution resolution = TypeParser.Resolve(caseType, known);
            UnionCaseKind kind = caseType.IsAbstract ? UnionCaseKind.Union : caseType.IsSealed ? UnionCaseKind.Sealed : UnionCaseKind.Open;
            models.Add((new UnionCaseModel(@case.Tag, caseType.ToDisplayString(TypeParser.ObliviousFormat), resolution.Model!.Formatter, kind), Depth(caseType)));
        }

        // Concrete cases are matched by exact type, so their order is free; a nested union matches its subclasses too,
        // so a more derived one must be tested before its base (else C# reports the later case as already handled).
        EquatableArray<UnionCaseModel> ordered = models
            .OrderBy(static c => c.Model.Kind == UnionCaseKind.Union ? 1 : 0)
            .ThenByDescending(static c => c.Model.Kind == UnionCaseKind.Union ? c.Depth : 0)
            .ThenBy(static c => c.Model.Tag)
            .Select(static c => c.Model)
            .ToEquatableArray();
        var model = new UnionModel(
            TypeParser.NamespaceOf(type),
            TypeParser.FormatterBaseName(type),
            type.ToDisplayString(TypeParser.ObliviousFormat),
            type.ToDisplayString(TypeParser.ObliviousDisplayFormat),
            TypeParser.IsPublic(type),
            ordered,
            UnionCases.FreeTag(cases));
        return new ParseResult<UnionModel>(model, ImmutableArray<Diagnostic>.Empty);
    }

    private static int Depth(INamedTypeSymbol type)
    {
        int depth = 0;
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
            depth++;
        return depth;
    }
}
