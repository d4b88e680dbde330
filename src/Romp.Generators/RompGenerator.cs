using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Romp.Generators.Emit;
using Romp.Generators.Model;
using Romp.Generators.Parsing;

namespace Romp.Generators;

/// <summary>
/// Writes the proxy, dispatcher and contract of every <c>[RompObject]</c> interface and the formatter of every
/// <c>[RompSerializable]</c> type (a union's, for an abstract one with <c>[RompUnion]</c> cases). Parsing → model → emit;
/// diagnostics run on their own branch.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class RompGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Any type declaration, not only interfaces: [RompObject] on a class must be reported (ROMP0001).
        IncrementalValuesProvider<ParseResult<ObjectModel>> objects = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.RompObjectAttribute,
                static (node, _) => node is BaseTypeDeclarationSyntax,
                static (ctx, ct) => ObjectParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.ObjectParsed);

        IncrementalValuesProvider<ObjectModel> objectModels = objects
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(TrackingNames.ObjectModel);

        context.RegisterSourceOutput(objectModels, static (spc, m) => ProxyEmitter.Emit(spc, m));
        context.RegisterSourceOutput(objectModels, static (spc, m) => DispatcherEmitter.Emit(spc, m));
        context.RegisterSourceOutput(objectModels, static (spc, m) => ContractEmitter.Emit(spc, m));
        context.RegisterSourceOutput(objectModels, static (spc, m) => DescriptionEmitter.Emit(spc, m));
        context.RegisterSourceOutput(objectModels, static (spc, m) => FaultEmitter.Emit(spc, m));
        ReportDiagnostics(context, objects.SelectMany(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.ObjectDiagnostics));

        IncrementalValuesProvider<ParseResult<SerializableModel>> serializables = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.RompSerializableAttribute,
                static (node, _) => node is BaseTypeDeclarationSyntax,
                static (ctx, ct) => SerializableParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.SerializableParsed);

        IncrementalValuesProvider<SerializableModel> serializableModels = serializables
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(TrackingNames.SerializableModel);

        context.RegisterSourceOutput(serializableModels, static (spc, m) => FormatterEmitter.Emit(spc, m));
        ReportDiagnostics(context, serializables.SelectMany(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.SerializableDiagnostics));

        // Only classes can carry [RompUnion]; the parser checks the rest.
        IncrementalValuesProvider<ParseResult<UnionModel>> unions = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownNames.RompUnionAttribute,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => UnionParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.UnionParsed);

        IncrementalValuesProvider<UnionModel> unionModels = unions
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!)
            .WithTrackingName(TrackingNames.UnionModel);

        context.RegisterSourceOutput(unionModels, static (spc, m) => UnionFormatterEmitter.Emit(spc, m));
        ReportDiagnostics(context, unions.SelectMany(static (r, _) => r.Diagnostics).WithTrackingName(TrackingNames.UnionDiagnostics));
    }

    private static void ReportDiagnostics(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<Diagnostic> diagnostics) =>
        context.RegisterSourceOutput(diagnostics, static (spc, diagnostic) => spc.ReportDiagnostic(diagnostic));
}
