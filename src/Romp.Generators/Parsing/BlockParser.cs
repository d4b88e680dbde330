using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>
/// Decides whether a delegate parameter can be a block (an <c>Action</c> or <c>Func</c> of marshallable types) and
/// builds its model: the block's one method, its wire signature and its contract id.
/// </summary>
internal static class BlockParser
{
    // BlockProxy<TDelegate>.InvokeMethodId: a block is a remote object with one method.
    private const ushort BlockMethodId = 1;

    /// <summary>The outcome of resolving one delegate type.</summary>
    /// <param name="Model">The block, with an empty <see cref="BlockModel.ClassName"/>; <see langword="null"/> when the delegate cannot be a block.</param>
    /// <param name="Canonical">The parameter's wire spelling in a signature, which is also the block's contract name: <c>block(int32)->void</c>.</param>
    /// <param name="Mangled">The delegate as part of a generated name: <c>FuncOfInt32AndValueTask</c>.</param>
    /// <param name="Problem">Why the delegate cannot be a block and how to fix it, when <see cref="Model"/> is null.</param>
    /// <param name="HasErrorType">The delegate contains an error type: the compiler already reports it, so stay silent.</param>
    /// <param name="MissingMemoryPackFor">As <see cref="TypeParser.Resolution.MissingMemoryPackFor"/>, for a parameter or the result.</param>
    public readonly record struct Resolution(BlockModel? Model, string Canonical, string Mangled, string Problem, bool HasErrorType,
        string MissingMemoryPackFor = "");

    public static Resolution Resolve(INamedTypeSymbol type, KnownSymbols known)
    {
        if (!known.IsActionOrFunc(type) || type.DelegateInvokeMethod is not { } invoke)
            return Failed("Only System.Action and System.Func delegates can be blocks; declare the parameter as an Action<...> or a Func<...>.");

        var parameters = new List<ParameterModel>(invoke.Parameters.Length);
        var canonical = new List<string>(invoke.Parameters.Length);
        var mangled = new List<string>(invoke.Parameters.Length + 1);
        foreach (IParameterSymbol parameter in invoke.Parameters)
        {
            TypeParser.Resolution resolution = ResolvePart(parameter.Type, known, "parameter");
            if (resolution.Model is null)
                return Failed(resolution);
            string name = "arg" + (parameters.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add(new ParameterModel(name, name, Oblivious(resolution.Model)));
            canonical.Add(resolution.Canonical);
            mangled.Add(resolution.Mangled);
        }

        (ReturnKind kind, ITypeSymbol? resultType) = ReturnShape.Classify(invoke, known);
        if (kind == ReturnKind.AsyncEnumerable)
            return Failed("A block cannot return a stream (IAsyncEnumerable<T>); return a value, a task, or a list.");

        TypeParser.Resolution? result = null;
        if (resultType is not null)
        {
            result = ResolvePart(resultType, known, "result");
            if (result.Value.Model is null)
                return Failed(result.Value);
        }

        if (kind != ReturnKind.Void)
            mangled.Add(ReturnShape.Mangled(kind, result?.Mangled ?? ""));

        // Every invocation is a REQUEST answered by RETVAL, so Action<int> and Func<int, Task> are the same on the wire,
        // and so is any delegate whose arguments and result encode alike: they are one contract.
        string parameterText = string.Join(",", canonical);
        string resultText = ReturnShape.Canonical(kind, result?.Canonical ?? "");
        string signature = "block" + MethodId.Signature("", parameterText, resultText);
        string delegateType = type.ToDisplayString(TypeParser.ObliviousFormat);
        var method = new MethodModel(
            BlockMethodId, "Invoke", "Invoke", delegateType, MemberKind.Method, CallKind.Request, kind,
            invoke.ReturnType.ToDisplayString(TypeParser.ObliviousFormat), result?.Model is { } model ? Oblivious(model) : null,
            parameters.ToEquatableArray(), null, delegateType, Idempotent: false,
            MethodId.Hash(MethodId.Signature("Invoke", parameterText, resultText)));
        var block = new BlockModel("", delegateType, "block " + type.ToDisplayString(TypeParser.ObliviousDisplayFormat), ContractId.Compute(signature), method,
            signature);
        return new Resolution(block, signature, type.Name + (mangled.Count == 0 ? "" : "Of" + string.Join("And", mangled)), "", HasErrorType: false);
    }

    private static TypeParser.Resolution ResolvePart(ITypeSymbol type, KnownSymbols known, string role)
    {
        if (type.TypeKind == TypeKind.Delegate)
            return TypeParser.Resolution.Failed("A block cannot take or return another delegate.");
        if (KnownSymbols.Is(type, known.CancellationToken))
            return TypeParser.Resolution.Failed("A block cannot take or return a CancellationToken; it is valid only while the call that passed it runs.");

        TypeParser.Resolution resolution = TypeParser.Resolve(type, known);
        return resolution.Model is null && !resolution.HasErrorType
            ? TypeParser.Resolution.Failed($"Its {role} type '{type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}' cannot be marshalled. {resolution.Problem}")
                with { MissingMemoryPackFor = resolution.MissingMemoryPackFor }
            : resolution;
    }

    // One block serves every nullability of its delegate type (Action<string> and Action<string?>), so its code is oblivious.
    private static TypeModel Oblivious(TypeModel type) => type with { Name = type.ObliviousName };

    private static Resolution Failed(string problem) => new(null, "", "", problem, HasErrorType: false);

    private static Resolution Failed(TypeParser.Resolution part) => new(null, "", "", part.Problem, part.HasErrorType, part.MissingMemoryPackFor);
}
