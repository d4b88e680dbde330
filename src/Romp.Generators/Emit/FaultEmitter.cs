using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Romp.Generators.Model;

namespace Romp.Generators.Emit;

/// <summary>
/// Writes <c>{Interface}Faults</c> for an interface whose methods declare faults (<c>[RompFault]</c>): one
/// <c>RompFault</c> per fault type, an array per distinct list, and the lookup by method id the contract registers.
/// Its fields are built the first time an error is sent or received, never at start-up.
/// </summary>
internal static class FaultEmitter
{
    private const string Fault = "global::Romp.CompilerServices.RompFault";

    /// <summary>The lookup to register with the contract, or null when no method declares a fault.</summary>
    public static string? Lookup(ObjectModel model) =>
        model.Faults.IsEmpty ? null : GeneratedFile.Qualify(model.Namespace, model.BaseName + "Faults") + ".Find";

    public static void Emit(SourceProductionContext context, ObjectModel model)
    {
        if (!model.Faults.IsEmpty)
            GeneratedFile.Add(context, model.Namespace, model.BaseName, "Faults", Generate(model));
    }

    public static string Generate(ObjectModel model)
    {
        var faultFields = new Dictionary<FaultModel, string>();
        var listFields = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var cases = new List<(string Field, List<ushort> Ids)>();
        var lists = new List<(string Field, IReadOnlyList<FaultModel> Faults)>();
        foreach (MethodFaultsModel method in model.Faults)
        {
            foreach (FaultModel fault in method.Faults)
            {
                if (!faultFields.ContainsKey(fault))
                    faultFields.Add(fault, "s_fault" + faultFields.Count.ToString(CultureInfo.InvariantCulture));
            }

            // Methods with the same faults (an interface's, typically) share one array.
            string key = string.Join(",", method.Faults.Select(f => faultFields[f]));
            if (!listFields.TryGetValue(key, out string? field))
            {
                field = "s_faults" + listFields.Count.ToString(CultureInfo.InvariantCulture);
                listFields.Add(key, field);
                lists.Add((field, method.Faults.ToList()));
                cases.Add((field, new List<ushort>()));
            }

            cases.First(c => c.Field == field).Ids.Add(method.MethodId);
        }

        SourceWriter writer = GeneratedFile.Begin(model.Namespace);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// The faults the methods of <see cref=\"{model.FullyQualifiedName}\"/> declare with <c>[RompFault]</c>: what an");
        writer.WriteLine("/// exception they throw may travel as, and the only types an error answering them is built as.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedFile.GeneratedCodeAttribute);
        writer.WriteLine($"internal static class {model.BaseName}Faults");
        writer.OpenBlock();
        foreach (KeyValuePair<FaultModel, string> fault in faultFields)
        {
            writer.WriteLine($"private static readonly {Fault} {fault.Value} = {Fault}.Create<{fault.Key.TypeName}>(" +
                $"{SymbolDisplay.FormatLiteral(fault.Key.Name, quote: true)}, {fault.Key.Formatter});");
        }

        writer.WriteLine();
        foreach ((string field, IReadOnlyList<FaultModel> faults) in lists)
            writer.WriteLine($"private static readonly {Fault}[] {field} = new {Fault}[] {{ {string.Join(", ", faults.Select(f => faultFields[f]))} }};");

        writer.WriteLine();
        writer.WriteLine("/// <summary>The faults method <paramref name=\"methodId\"/> declares, or null when it declares none.</summary>");
        writer.WriteLine($"internal static {Fault}[]? Find(ushort methodId)");
        writer.OpenBlock();
        writer.WriteLine("switch (methodId)");
        writer.OpenBlock();
        foreach ((string field, List<ushort> ids) in cases)
        {
            foreach (ushort id in ids)
                writer.WriteLine($"case {id.ToString(CultureInfo.InvariantCulture)}:");
            writer.Indent();
            writer.WriteLine($"return {field};");
            writer.Unindent();
        }

        writer.WriteLine("default:");
        writer.Indent();
        writer.WriteLine("return null;");
        writer.Unindent();
        writer.CloseBlock();
        writer.CloseBlock();
        writer.CloseBlock();
        return GeneratedFile.End(writer, model.Namespace);
    }
}
