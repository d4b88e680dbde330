using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Romp.Generators.Diagnostics;
using Romp.Generators.Parsing;

namespace Romp.Generators.Analyzers;

/// <summary>
/// Reports ROMP0015 where <c>RompServer.Bind&lt;T&gt;</c>, <c>RompServer.Register&lt;T&gt;</c> or
/// <c>RompClient.ResolveAsync&lt;T&gt;</c> is given a <c>T</c> that has no generated contract, which would otherwise
/// only fail when the line runs.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractTypeArgumentAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(RompDiagnostics.NotARompObject);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? attribute = start.Compilation.GetTypeByMetadataName(KnownNames.RompObjectAttribute);
            INamedTypeSymbol? server = start.Compilation.GetTypeByMetadataName(KnownNames.RompServer);
            INamedTypeSymbol? client = start.Compilation.GetTypeByMetadataName(KnownNames.RompClient);
            INamedTypeSymbol? connection = start.Compilation.GetTypeByMetadataName(KnownNames.RompConnection);
            if (attribute is null || server is null || client is null || connection is null)
                return;
            var owners = new ContractOwners(server, client, connection);
            start.RegisterOperationAction(ctx => Analyze(ctx, attribute, owners), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol attribute, ContractOwners owners)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (method.TypeArguments.Length != 1 || !IsContractMethod(method, owners))
            return;

        ITypeSymbol argument = method.TypeArguments[0];
        // An open type parameter is checked where the caller's own generic method is instantiated, not here.
        if (argument is ITypeParameterSymbol || argument.TypeKind == TypeKind.Error || IsRompObject(argument, attribute))
            return;

        context.ReportDiagnostic(Diagnostic.Create(RompDiagnostics.NotARompObject, TypeArgumentLocation(invocation),
            argument.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), method.ContainingType.Name + "." + method.Name));
    }

    private static bool IsContractMethod(IMethodSymbol method, ContractOwners owners)
    {
        INamedTypeSymbol type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, owners.Server))
            return method.Name is "Bind" or "Register";
        if (SymbolEqualityComparer.Default.Equals(type, owners.Connection))
            return method.Name is "Bind" or "ResolveAsync";
        return SymbolEqualityComparer.Default.Equals(type, owners.Client) && method.Name == "ResolveAsync";
    }

    /// <summary>The Romp types whose generic methods take a contract as their type argument.</summary>
    private sealed class ContractOwners(INamedTypeSymbol server, INamedTypeSymbol client, INamedTypeSymbol connection)
    {
        public INamedTypeSymbol Server { get; } = server;

        public INamedTypeSymbol Client { get; } = client;

        public INamedTypeSymbol Connection { get; } = connection;
    }

    private static bool IsRompObject(ITypeSymbol type, INamedTypeSymbol attribute) =>
        type.TypeKind == TypeKind.Interface && TypeParser.HasAttribute(type, attribute);

    // Point at the written type argument when there is one (Bind<Foo>), else at the whole call (inferred Bind(x)).
    private static Location TypeArgumentLocation(IInvocationOperation invocation)
    {
        if (invocation.Syntax is InvocationExpressionSyntax call)
        {
            ExpressionSyntax target = call.Expression is MemberAccessExpressionSyntax member ? member.Name : call.Expression;
            if (target is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count == 1)
                return generic.TypeArgumentList.Arguments[0].GetLocation();
        }

        return invocation.Syntax.GetLocation();
    }
}
