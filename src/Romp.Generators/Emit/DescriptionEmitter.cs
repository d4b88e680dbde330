using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Romp.Generators.Model;

namespace Romp.Generators.Emit;

/// <summary>
/// Writes <c>{Interface}Description</c>: the factory of the interface's describe metadata (its methods with their
/// signatures, parameter and result shapes, and the enums and records those name). The contract holds only the
/// factory and calls it the first time someone asks, so the metadata costs nothing at start-up or on a call.
/// </summary>
internal static class DescriptionEmitter
{
    private const string D = "global::Romp.Description.";

    public static void Emit(SourceProductionContext context, ObjectModel model) =>
        GeneratedFile.Add(context, model.Namespace, model.BaseName, "Description", Generate(model));

    /// <summary>The factory the contract registers: <c>global::N.IFooDescription.Create</c>.</summary>
    public static string Factory(ObjectModel model) => GeneratedFile.Qualify(model.Namespace, model.BaseName + "Description") + ".Create";

    public static string Generate(ObjectModel model)
    {
        SourceWriter writer = GeneratedFile.Begin(model.Namespace);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// The describe metadata of <see cref=\"{model.FullyQualifiedName}\"/>: what a generic client (the describe");
        writer.WriteLine("/// service, the romp tool) needs to show and call its methods. Built only when someone asks for it.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedFile.GeneratedCodeAttribute);
        writer.WriteLine($"internal static class {model.BaseName}Description");
        writer.OpenBlock();
        writer.WriteLine("/// <summary>Builds the description; the contract calls it on the first describe.</summary>");
        writer.WriteLine($"internal static {D}RompContractDescription Create()");
        writer.OpenBlock();
        writer.WriteLine($"return new {D}RompContractDescription(");
        writer.Indent();
        string contract = GeneratedFile.Qualify(model.Namespace, model.BaseName + "Contract");
        writer.WriteLine(Literal(model.DisplayName) + ",");
        writer.WriteLine(contract + ".Name,");
        writer.WriteLine(contract + ".Id,");
        writer.WriteLine(Access(model.Access) + ",");
        writer.WriteLine($"new {D}RompMethodDescription[]");
        writer.OpenBlock();
        for (int i = 0; i < model.Methods.Count; i++)
            WriteMethod(writer, model.Methods[i], model.Description.Methods[i]);
        writer.CloseBlock(",");
        writer.WriteLine($"new {D}RompNamedType[]");
        writer.OpenBlock();
        foreach (NamedTypeModel type in model.Description.Types)
            WriteType(writer, type);
        writer.CloseBlock(");");
        writer.Unindent();
        writer.CloseBlock();
        writer.CloseBlock();
        return GeneratedFile.End(writer, model.Namespace);
    }

    private static void WriteMethod(SourceWriter writer, MethodModel method, MethodShapeModel shape)
    {
        string kind = method.Call switch
        {
            CallKind.Oneway => "Oneway",
            CallKind.OnewaySync => "OnewaySync",
            CallKind.Stream => "Stream",
            _ => "Request",
        };
        writer.WriteLine($"new {D}RompMethodDescription(");
        writer.Indent();
        writer.WriteLine($"{method.Id.ToString(CultureInfo.InvariantCulture)}, 0x{method.SignatureHash.ToString("X8", CultureInfo.InvariantCulture)}U, {Literal(ContractEmitter.MetadataName(method))}, {D}RompMethodKind.{kind}, {D}RompMemberKind.{method.Member}, {(method.Idempotent ? "true" : "false")},");
        writer.WriteLine(Literal(shape.Signature) + ",");
        if (shape.Parameters.IsEmpty)
        {
            writer.WriteLine($"global::System.Array.Empty<{D}RompParameterDescription>(),");
        }
        else
        {
            writer.WriteLine($"new {D}RompParameterDescription[]");
            writer.OpenBlock();
            foreach (ShapedNameModel parameter in shape.Parameters)
                writer.WriteLine($"new {D}RompParameterDescription({Literal(parameter.Name)}, {Literal(parameter.TypeName)}, {Shape(parameter.Shape)}),");
            writer.CloseBlock(",");
        }

        writer.WriteLine(Literal(shape.ResultTypeName) + ",");
        writer.WriteLine(Shape(shape.Result) + "),");
        writer.Unindent();
    }

    private static void WriteType(SourceWriter writer, NamedTypeModel type)
    {
        if (type.IsEnum)
        {
            writer.WriteLine($"{D}RompNamedType.Enum({Literal(type.Name)}, {D}RompTypeKind.{type.Underlying},");
            writer.Indent();
            var values = new List<string>();
            foreach (EnumValueModel value in type.Values)
                values.Add($"new {D}RompEnumValue({Literal(value.Name)}, {value.Value.ToString(CultureInfo.InvariantCulture)}L)");
            writer.WriteLine((values.Count == 0 ? $"global::System.Array.Empty<{D}RompEnumValue>()" : string.Join(", ", values)) + "),");
            writer.Unindent();
            return;
        }

        if (type.IsUnion)
        {
            writer.WriteLine($"{D}RompNamedType.Union({Literal(type.Name)},");
            writer.Indent();
            var cases = new List<string>();
            foreach (UnionCaseShapeModel @case in type.Cases)
                cases.Add($"new {D}RompUnionCase({@case.Tag.ToString(CultureInfo.InvariantCulture)}, {Shape(@case.Shape)})");
            writer.WriteLine(string.Join(", ", cases) + "),");
            writer.Unindent();
            return;
        }

        writer.WriteLine($"{D}RompNamedType.Record({Literal(type.Name)}, {(type.IsValueType ? "true" : "false")}{(type.Members.IsEmpty ? "" : ",")}");
        writer.Indent();
        for (int i = 0; i < type.Members.Count; i++)
        {
            ShapedNameModel member = type.Members[i].Member;
            string end = i == type.Members.Count - 1 ? ")," : ",";
            string id = Parsing.MemberIds.Format(type.Members[i].Id);
            writer.WriteLine($"new {D}RompRecordMember({id}, {Literal(member.Name)}, {Literal(member.TypeName)}, {Shape(member.Shape)}){end}");
        }

        if (type.Members.IsEmpty)
            writer.WriteLine("),");
        writer.Unindent();
    }

    private static string Shape(TypeShapeModel shape) => shape.Kind switch
    {
        "Enum" or "Record" or "Opaque" or "Union" => $"{D}RompTypeShape.{shape.Kind}({Literal(shape.Name!)})",
        "Reference" => $"{D}RompTypeShape.Reference({Literal(shape.Name!)}, global::Romp.CompilerServices.RompContracts.Find<{shape.Interface}>()?.Id ?? 0UL)",
        "Nullable" or "Array" or "List" or "Set" or "Stream" => $"{D}RompTypeShape.{shape.Kind}({Shape(shape.Arguments[0])})",
        "Dictionary" => $"{D}RompTypeShape.Dictionary({Shape(shape.Arguments[0])}, {Shape(shape.Arguments[1])})",
        "Tuple" => $"{D}RompTypeShape.Tuple({Join(shape.Arguments, 0, shape.Arguments.Count)})",
        "Block" => $"{D}RompTypeShape.Block(new {D}RompTypeShape[] {{ {Join(shape.Arguments, 0, shape.Arguments.Count - 1)} }}, {Shape(shape.Arguments[shape.Arguments.Count - 1])})",
        _ => $"{D}RompTypeShape.Of({D}RompTypeKind.{shape.Kind})",
    };

    private static string Join(EquatableArray<TypeShapeModel> shapes, int start, int end)
    {
        var parts = new List<string>();
        for (int i = start; i < end; i++)
            parts.Add(Shape(shapes[i]));
        return string.Join(", ", parts);
    }

    private static string Access(int access) => access switch
    {
        0 => "global::Romp.RompAccess.Parallel",
        1 => "global::Romp.RompAccess.Serial",
        _ => "(global::Romp.RompAccess)" + access.ToString(CultureInfo.InvariantCulture),
    };

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
