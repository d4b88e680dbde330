using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Romp.Generators.Model;

namespace Romp.Generators.Emit;

/// <summary>
/// Writes <c>{Interface}Contract</c>: the module initializer that registers the contract, and the formatter fields the
/// proxy and dispatcher share, so each composite formatter is built once.
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

        SourceWriter writer = GeneratedFile.Begin(model.Namespace);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// The Romp contract of <see cref=\"{model.FullyQualifiedName}\"/>: registers it when the module loads, so that");
        writer.WriteLine("/// binding and resolving the interface need no reflection, and holds the formatters its calls use.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedFile.GeneratedCodeAttribute);
        writer.WriteLine($"internal static class {model.BaseName}Contract");
        writer.OpenBlock();
        writer.WriteLine("/// <summary>The hash of the interface name and its method signatures; both peers must agree on it.</summary>");
        writer.WriteLine($"public const ulong Id = 0x{model.ContractId.ToString("X16", CultureInfo.InvariantCulture)}UL;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Registers the contract; runs once, when the module loads.</summary>");
        writer.WriteLine("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.WriteLine("internal static void Register()");
        writer.OpenBlock();
        writer.WriteLine($"global::Romp.Rpc.RompContracts.Register<{model.FullyQualifiedName}>(new global::Romp.Rpc.RompObjectContract(");
        writer.Indent();
        writer.WriteLine($"\"{model.DisplayName}\",");
        writer.WriteLine("Id,");
        writer.WriteLine(access + ",");
        writer.WriteLine($"static target => new {GeneratedFile.Qualify(model.Namespace, model.BaseName + "Proxy")}(target),");
        writer.WriteLine($"{GeneratedFile.Qualify(model.Namespace, model.BaseName + "Dispatcher")}.Instance));");
        writer.Unindent();
        writer.CloseBlock();

        var types = new List<TypeModel>();
        foreach (MethodModel method in model.Methods)
        {
            foreach (ParameterModel parameter in method.Parameters)
                types.Add(parameter.Type);
            if (method.Result is { } result)
                types.Add(result);
        }

        if (types.Count > 0)
        {
            writer.WriteLine();
            GeneratedFile.WriteFormatterFields(writer, "internal static readonly", types);
        }

        writer.CloseBlock();
        return GeneratedFile.End(writer, model.Namespace);
    }
}
