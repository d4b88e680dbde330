using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Romp.Generators.Model;

namespace Romp.Generators.Emit;

/// <summary>
/// Writes <c>{Interface}Contract</c>: the module initializer that registers the contract, the formatter fields the
/// proxy and dispatcher share, so each composite formatter is built once, and a nested class per block.
/// </summary>
internal static class ContractEmitter
{
    public static void Emit(SourceProductionContext context, ObjectModel model) =>
        GeneratedFile.Add(context, model.Namespace, model.BaseName, "Contract", Generate(model));

    public static string Generate(ObjectModel model)
    {
        string access = model.Access switch
        {
            0 => "global::Romp.RompAccess.Parallel",
            1 => "global::Romp.RompAccess.Serial",
            _ => "(global::Romp.RompAccess)" + model.Access.ToString(CultureInfo.InvariantCulture),
        };
        string contract = GeneratedFile.Qualify(model.Namespace, model.BaseName + "Contract");

        SourceWriter writer = GeneratedFile.Begin(model.Namespace);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// The Romp contract of <see cref=\"{model.FullyQualifiedName}\"/>: registers it when the module loads, so that");
        writer.WriteLine("/// binding and resolving the interface need no reflection, and holds the formatters its calls use.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedFile.GeneratedCodeAttribute);
        writer.WriteLine($"internal static class {model.BaseName}Contract");
        writer.OpenBlock();
        writer.WriteLine("/// <summary>The contract's name on the wire: peers with the same name speak the same contract, whatever their versions.</summary>");
        writer.WriteLine($"public const string Name = {Literal(model.ContractName)};");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The contract id: the hash of <see cref=\"Name\"/>, which references carry.</summary>");
        writer.WriteLine($"public const ulong Id = {Hex(model.ContractId)};");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Registers the contract; runs once, when the module loads.</summary>");
        writer.WriteLine("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.WriteLine("internal static void Register()");
        writer.OpenBlock();
        writer.WriteLine($"global::Romp.CompilerServices.RompContracts.Register<{model.FullyQualifiedName}>(new global::Romp.CompilerServices.RompObjectContract(");
        WriteArguments(writer, model.DisplayName, "Name", "Id", access,
            GeneratedFile.Qualify(model.Namespace, model.BaseName + "Proxy"),
            GeneratedFile.Qualify(model.Namespace, model.BaseName + "Dispatcher"), model.Methods, IdempotentIds(model),
            "), " + DescriptionEmitter.Factory(model) + (FaultEmitter.Lookup(model) is { } faults ? ", " + faults : "") + ");");
        writer.CloseBlock();

        var types = new List<TypeModel>();
        foreach (MethodModel method in model.Methods)
            AddTypes(types, method);
        foreach (BlockModel block in model.Blocks)
            AddTypes(types, block.Invoke);

        if (types.Count > 0)
        {
            writer.WriteLine();
            GeneratedFile.WriteFormatterFields(writer, "internal static readonly", types);
        }

        foreach (BlockModel block in model.Blocks)
        {
            writer.WriteLine();
            BlockEmitter.Write(writer, block, contract);
        }

        writer.CloseBlock();
        return GeneratedFile.End(writer, model.Namespace);
    }

    /// <summary>A contract id as a C# literal: <c>0x0123456789ABCDEFUL</c>.</summary>
    public static string Hex(ulong id) => Parsing.ContractId.Literal(id);

    /// <summary>
    /// The arguments of the <c>RompObjectContract</c> constructor, indented, then <paramref name="closing"/>: the method
    /// table in ascending id order (ids, signature hashes, names), which lookups by id binary-search. The idempotent
    /// method ids are an argument only when there are some.
    /// </summary>
    public static void WriteArguments(
        SourceWriter writer, string name, string contractName, string id, string access, string proxy, string dispatcher,
        IEnumerable<MethodModel> methods, string? idempotentIds, string closing)
    {
        List<MethodModel> byId = methods.OrderBy(static m => m.Id).ToList();
        writer.Indent();
        writer.WriteLine(Literal(name) + ",");
        writer.WriteLine(contractName + ",");
        writer.WriteLine(id + ",");
        writer.WriteLine(access + ",");
        writer.WriteLine($"static target => new {proxy}(target),");
        writer.WriteLine($"{dispatcher}.Instance,");
        writer.WriteLine("new ushort[] { " + string.Join(", ", byId.Select(static m => m.Id.ToString(CultureInfo.InvariantCulture))) + " },");
        writer.WriteLine("new uint[] { " + string.Join(", ", byId.Select(static m => "0x" + m.SignatureHash.ToString("X8", CultureInfo.InvariantCulture) + "U")) + " },");
        string names = MethodNames(byId);
        if (idempotentIds is null)
        {
            writer.WriteLine(names + closing);
        }
        else
        {
            writer.WriteLine(names + ",");
            writer.WriteLine(idempotentIds + closing);
        }

        writer.Unindent();
    }

    /// <summary>
    /// The method names, as .NET names members: accessors are <c>get_Count</c>, <c>set_Item</c>. They are what logs,
    /// traces and the describe service call a method, so they must not depend on the generated code's names.
    /// </summary>
    private static string MethodNames(IEnumerable<MethodModel> methods)
    {
        var names = new List<string>();
        foreach (MethodModel method in methods)
            names.Add("\"" + MetadataName(method) + "\"");
        return "new string[] { " + string.Join(", ", names) + " }";
    }

    /// <summary>A string as a C# literal.</summary>
    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string MetadataName(MethodModel method) => method.Member switch
    {
        MemberKind.PropertyGet => "get_" + Unescaped(method.Name),
        MemberKind.PropertySet => "set_" + Unescaped(method.Name),
        MemberKind.IndexerGet => "get_Item",
        MemberKind.IndexerSet => "set_Item",
        _ => Unescaped(method.Name),
    };

    // A keyword used as a name is declared @class; its metadata name is class.
    private static string Unescaped(string identifier) => identifier.StartsWith("@", StringComparison.Ordinal) ? identifier.Substring(1) : identifier;

    // An array creation rather than a collection expression: it compiles at any language version, and passed as a
    // ReadOnlySpan<ushort> of constants it is emitted as static data, not allocated.
    private static string? IdempotentIds(ObjectModel model)
    {
        var ids = new List<string>();
        foreach (MethodModel method in model.Methods.OrderBy(static m => m.Id))
        {
            if (method.Idempotent)
                ids.Add(method.Id.ToString(CultureInfo.InvariantCulture));
        }

        return ids.Count == 0 ? null : "new ushort[] { " + string.Join(", ", ids) + " }";
    }

    private static void AddTypes(List<TypeModel> types, MethodModel method)
    {
        foreach (ParameterModel parameter in method.Parameters)
            types.Add(parameter.Type);
        if (method.Result is { } result)
            types.Add(result);
    }
}
