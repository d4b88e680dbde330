using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Romp.Generators.Model;

namespace Romp.Generators.Emit;

/// <summary>
/// Writes <c>{Type}Formatter</c> for a <c>[RompSerializable]</c> type. Wire form: a length prefix (-1 for null), a member
/// count, then the members in order. A reader leaves members the writer did not send at their default and skips members
/// it does not know, so adding members at the end keeps older and newer peers compatible in both directions.
/// </summary>
internal static class FormatterEmitter
{
    public static void Emit(SourceProductionContext context, SerializableModel model) =>
        GeneratedFile.Add(context, model.Namespace, model.BaseName, "Formatter", Generate(model));

    public static string Generate(SerializableModel model)
    {
        string name = model.BaseName + "Formatter";
        string qualified = GeneratedFile.Qualify(model.Namespace, name);
        string valueType = model.IsValueType ? model.FullyQualifiedName : model.FullyQualifiedName + "?";

        // The formatter reads and writes the type's members, some of which may be [Obsolete] and are still sent.
        SourceWriter writer = GeneratedFile.Begin(model.Namespace, "#pragma warning disable CS0612, CS0618");
        writer.WriteLine($"/// <summary>Reads and writes <see cref=\"{model.FullyQualifiedName}\"/> in Romp's binary format.</summary>");
        GeneratedFile.WriteFormatterAttributes(writer, model.FullyQualifiedName);
        writer.WriteLine($"{(model.IsPublic ? "public" : "internal")} sealed class {name} : global::Romp.CompilerServices.IRompFormatter<{valueType}>");
        writer.OpenBlock();
        writer.WriteLine("/// <summary>The formatter; it holds no state.</summary>");
        // Declared before the formatter fields: a member of the type's own type (a linked list) reads Instance while they initialize.
        writer.WriteLine($"public static readonly {qualified} Instance = new {qualified}();");
        if (model.Members.Count > 0)
        {
            writer.WriteLine();
            GeneratedFile.WriteFormatterFields(writer, "private static readonly", model.Members.Select(static m => m.Type));
        }

        writer.WriteLine();
        writer.WriteLine($"private {name}()");
        writer.OpenBlock();
        writer.CloseBlock();
        writer.WriteLine();
        WriteWrite(writer, model, valueType);
        writer.WriteLine();
        WriteRead(writer, model, valueType);
        writer.CloseBlock();
        return GeneratedFile.End(writer, model.Namespace);
    }

    private static void WriteWrite(SourceWriter writer, SerializableModel model, string valueType)
    {
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine($"public void Write(ref global::Romp.CompilerServices.RompWriter writer, {valueType} value)");
        writer.OpenBlock();
        if (!model.IsValueType)
        {
            writer.WriteLine("if (value is null)");
            writer.OpenBlock();
            writer.WriteLine("writer.WriteNullLength();");
            writer.WriteLine("return;");
            writer.CloseBlock();
            writer.WriteLine();
        }

        if (!model.IsSealed)
        {
            // A subclass written as this type would arrive without its own members: refuse it instead of slicing it.
            writer.WriteLine($"if (value.GetType() != typeof({model.FullyQualifiedName}))");
            writer.OpenBlock();
            writer.WriteLine($"throw global::Romp.CompilerServices.RompFormatterErrors.NotDeclaredType(typeof({model.FullyQualifiedName}), value.GetType());");
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine("writer.EnterNested();");
        writer.WriteLine("global::Romp.CompilerServices.LengthPrefix prefix = writer.BeginLengthPrefix();");
        writer.WriteLine($"writer.WriteUInt16({model.Members.Count.ToString(CultureInfo.InvariantCulture)});");
        foreach (SerializableMemberModel member in model.Members)
            writer.WriteLine($"{member.Type.FieldName}.Write(ref writer, value.{member.Identifier});");
        writer.WriteLine("writer.EndLengthPrefix(prefix);");
        writer.WriteLine("writer.ExitNested();");
        writer.CloseBlock();
    }

    private static void WriteRead(SourceWriter writer, SerializableModel model, string valueType)
    {
        string display = model.FullyQualifiedName.Substring("global::".Length);
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine($"public {valueType} Read(ref global::Romp.CompilerServices.RompReader reader)");
        writer.OpenBlock();
        writer.WriteLine("int length = reader.ReadLength();");
        writer.WriteLine("if (length < 0)");
        writer.OpenBlock();
        writer.WriteLine(model.IsValueType
            ? $"throw new global::Romp.RompException(global::Romp.RompError.InvalidMessage, \"A {display} value is null, but it is a struct.\");"
            : "return null;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("reader.EnterNested();");
        writer.WriteLine("long end = reader.Consumed + length;");
        writer.WriteLine("int count = reader.ReadUInt16();");
        for (int i = 0; i < model.Members.Count; i++)
        {
            SerializableMemberModel member = model.Members[i];
            string index = i.ToString(CultureInfo.InvariantCulture);
            writer.WriteLine($"{member.Type.Name} m{index} = count > {index} ? {member.Type.FieldName}.Read(ref reader) : default!;");
        }

        writer.WriteLine("if (reader.Consumed > end)");
        writer.OpenBlock();
        writer.WriteLine($"throw new global::Romp.RompException(global::Romp.RompError.InvalidMessage, \"A {display} value is longer than its length prefix.\");");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("// Members a newer peer added after the ones this version knows.");
        writer.WriteLine("reader.Skip(end - reader.Consumed);");
        writer.WriteLine("reader.ExitNested();");

        string arguments = string.Join(", ", model.ConstructorArguments.Select(static i => "m" + i.ToString(CultureInfo.InvariantCulture)));
        var initialized = new List<string>();
        var assigned = new List<int>();
        for (int i = 0; i < model.Members.Count; i++)
        {
            if (model.Members[i].Assignment == MemberAssignment.Initializer)
                initialized.Add($"{model.Members[i].Identifier} = m{i.ToString(CultureInfo.InvariantCulture)},");
            else if (model.Members[i].Assignment == MemberAssignment.Setter)
                assigned.Add(i);
        }

        string creation = $"new {model.FullyQualifiedName}({arguments})";
        if (initialized.Count == 0)
        {
            writer.WriteLine($"{model.FullyQualifiedName} result = {creation};");
        }
        else
        {
            writer.WriteLine($"{model.FullyQualifiedName} result = {creation}");
            writer.OpenBlock();
            foreach (string line in initialized)
                writer.WriteLine(line);
            writer.CloseBlock(";");
        }

        // Settable members the peer did not send keep the value the constructor gave them.
        foreach (int i in assigned)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            writer.WriteLine();
            writer.WriteLine($"if (count > {index})");
            writer.OpenBlock();
            writer.WriteLine($"result.{model.Members[i].Identifier} = m{index};");
            writer.CloseBlock();
        }

        writer.WriteLine();
        writer.WriteLine("return result;");
        writer.CloseBlock();
    }
}
