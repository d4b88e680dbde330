using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Romp.Generators.Model;
using Romp.Generators.Parsing;

namespace Romp.Generators.Emit;

/// <summary>
/// Writes <c>{Type}Formatter</c> for a <c>[RompSerializable]</c> type. Wire form (docs/protocol.md §5): a length prefix
/// (-1 for null), then each member as its id, its wire kind and its value. A reader takes the members it knows by id,
/// checks their kinds, skips the others by their framing and leaves the missing ones at their defaults, so members may be
/// added, reordered or removed and older and newer peers keep talking in both directions.
/// </summary>
internal static class FormatterEmitter
{
    private const string Kind = "global::Romp.CompilerServices.RompWireKind.";
    private const string Members = "global::Romp.CompilerServices.RompMembers.";

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
        writer.WriteLine();
        WriteMemberName(writer, model);
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
        for (int i = 0; i < model.Members.Count; i++)
        {
            SerializableMemberModel member = model.Members[i];
            string id = MemberIds.Format(member.Id);
            if (!member.IsNullableValue)
            {
                writer.WriteLine($"writer.WriteMemberKey({id}, {Kind}{member.Kind}); // {member.Name}");
                writer.WriteLine(WriteValue(member, "value." + member.Identifier));
                continue;
            }

            string local = "v" + i.ToString(CultureInfo.InvariantCulture);
            writer.WriteLine($"if (value.{member.Identifier} is {{ }} {local})");
            writer.OpenBlock();
            writer.WriteLine($"writer.WriteMemberKey({id}, {Kind}{member.Kind}); // {member.Name}");
            writer.WriteLine(WriteValue(member, local));
            writer.CloseBlock();
            writer.WriteLine("else");
            writer.OpenBlock();
            writer.WriteLine($"writer.WriteMemberKey({id}, {Kind}Null);");
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine("writer.EndLengthPrefix(prefix);");
        writer.WriteLine("writer.ExitNested();");
        writer.CloseBlock();
    }

    private static string WriteValue(SerializableMemberModel member, string value) => member.Delimited
        ? $"writer.WriteDelimited({member.Type.FieldName}, {value});"
        : $"{member.Type.FieldName}.Write(ref writer, {value});";

    private static void WriteRead(SourceWriter writer, SerializableModel model, string valueType)
    {
        string display = Display(model);
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
        for (int i = 0; i < model.Members.Count; i++)
        {
            SerializableMemberModel member = model.Members[i];
            string index = i.ToString(CultureInfo.InvariantCulture);
            writer.WriteLine($"{member.DeclaredType} m{index} = {member.Missing};");
            if (TracksPresence(member))
                writer.WriteLine($"bool has{index} = false;");
        }

        WriteMemberLoop(writer, model, display);
        writer.WriteLine("reader.ExitNested();");
        for (int i = 0; i < model.Members.Count; i++)
        {
            SerializableMemberModel member = model.Members[i];
            if (member.IsRequired)
            {
                string index = i.ToString(CultureInfo.InvariantCulture);
                writer.WriteLine($"if (!has{index})");
                writer.OpenBlock();
                writer.WriteLine($"{Members}ThrowMissing({Literal(display)}, {Literal(member.Name)}, {MemberIds.Format(member.Id)});");
                writer.CloseBlock();
                writer.WriteLine();
            }
        }

        WriteCreation(writer, model);
        writer.WriteLine();
        writer.WriteLine("return result;");
        writer.CloseBlock();
    }

    // Which members the reader must know were sent: required ones, settable ones (otherwise the type's own initializer
    // stays) and init-only ones whose initial value a new instance provides.
    private static bool TracksPresence(SerializableMemberModel member) =>
        member.IsRequired || member.Assignment == MemberAssignment.Setter || member.KeepsInitialValue;

    private static void WriteMemberLoop(SourceWriter writer, SerializableModel model, string display)
    {
        writer.WriteLine("ushort id = 0;");
        writer.WriteLine("try");
        writer.OpenBlock();
        writer.WriteLine("while (reader.Consumed < end)");
        writer.OpenBlock();
        writer.WriteLine("id = reader.ReadMemberKey(out global::Romp.CompilerServices.RompWireKind kind);");
        writer.WriteLine("switch (id)");
        writer.OpenBlock();
        for (int i = 0; i < model.Members.Count; i++)
        {
            SerializableMemberModel member = model.Members[i];
            string index = i.ToString(CultureInfo.InvariantCulture);
            writer.WriteLine($"case {MemberIds.Format(member.Id)}: // {member.Name}");
            writer.Indent();
            if (member.IsNullableValue)
            {
                writer.WriteLine($"if (kind == {Kind}Null)");
                writer.OpenBlock();
                writer.WriteLine($"m{index} = null;");
                writer.CloseBlock();
                writer.WriteLine("else");
                writer.OpenBlock();
                WriteReadValue(writer, member, index);
                writer.CloseBlock();
            }
            else
            {
                WriteReadValue(writer, member, index);
            }

            if (TracksPresence(member))
                writer.WriteLine($"has{index} = true;");
            writer.WriteLine("break;");
            writer.Unindent();
        }

        writer.WriteLine("default:");
        writer.Indent();
        writer.WriteLine("// A member of a newer version of the type, or one this version removed.");
        writer.WriteLine("reader.SkipMember(kind);");
        writer.WriteLine("break;");
        writer.Unindent();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("id = 0;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("reader.EndMembers(end);");
        writer.CloseBlock();
        writer.WriteLine("catch (global::Romp.RompException error)");
        writer.OpenBlock();
        writer.WriteLine($"throw {Members}Unreadable(error, {Literal(display)}, id, MemberName(id));");
        writer.CloseBlock();
        writer.WriteLine();
    }

    private static void WriteReadValue(SourceWriter writer, SerializableMemberModel member, string index)
    {
        writer.WriteLine($"if (kind != {Kind}{member.Kind})");
        writer.OpenBlock();
        writer.WriteLine($"{Members}ThrowKindMismatch(kind, {Kind}{member.Kind});");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine(member.Delimited
            ? $"m{index} = reader.ReadDelimited({member.Type.FieldName});"
            : $"m{index} = {member.Type.FieldName}.Read(ref reader);");
    }

    private static void WriteCreation(SourceWriter writer, SerializableModel model)
    {
        string creation = $"new {model.FullyQualifiedName}({string.Join(", ", model.ConstructorArguments)})";
        var required = new List<string>();
        var initialized = new List<string>();
        var probed = new List<int>();
        var assigned = new List<int>();
        for (int i = 0; i < model.Members.Count; i++)
        {
            SerializableMemberModel member = model.Members[i];
            string index = i.ToString(CultureInfo.InvariantCulture);
            if (member.Assignment == MemberAssignment.Initializer)
            {
                initialized.Add($"{member.Identifier} = m{index},");
                if (member.IsRequired)
                    required.Add($"{member.Identifier} = m{index},");
                if (member.KeepsInitialValue)
                    probed.Add(i);
            }
            else if (member.Assignment == MemberAssignment.Setter)
            {
                assigned.Add(i);
            }
        }

        if (probed.Count > 0)
        {
            // An init-only member the peer did not send keeps the value the type gives a new instance.
            writer.WriteLine("if (" + string.Join(" || ", probed.Select(static i => "!has" + i.ToString(CultureInfo.InvariantCulture))) + ")");
            writer.OpenBlock();
            WriteNew(writer, model.FullyQualifiedName + " initial", creation, required);
            foreach (int i in probed)
            {
                string index = i.ToString(CultureInfo.InvariantCulture);
                writer.WriteLine($"if (!has{index})");
                writer.OpenBlock();
                writer.WriteLine($"m{index} = initial.{model.Members[i].Identifier};");
                writer.CloseBlock();
            }

            writer.CloseBlock();
            writer.WriteLine();
        }

        WriteNew(writer, model.FullyQualifiedName + " result", creation, initialized);

        // Settable members the peer did not send keep the value the constructor gave them.
        foreach (int i in assigned)
        {
            string index = i.ToString(CultureInfo.InvariantCulture);
            writer.WriteLine();
            writer.WriteLine($"if (has{index})");
            writer.OpenBlock();
            writer.WriteLine($"result.{model.Members[i].Identifier} = m{index};");
            writer.CloseBlock();
        }
    }

    private static void WriteNew(SourceWriter writer, string declaration, string creation, List<string> initializers)
    {
        if (initializers.Count == 0)
        {
            writer.WriteLine($"{declaration} = {creation};");
            return;
        }

        writer.WriteLine($"{declaration} = {creation}");
        writer.OpenBlock();
        foreach (string line in initializers)
            writer.WriteLine(line);
        writer.CloseBlock(";");
    }

    private static void WriteMemberName(SourceWriter writer, SerializableModel model)
    {
        writer.WriteLine("// The declared name of a member, for errors; null for an id this version does not know.");
        writer.WriteLine("private static string? MemberName(ushort id) => id switch");
        writer.OpenBlock();
        foreach (SerializableMemberModel member in model.Members)
            writer.WriteLine($"{MemberIds.Format(member.Id)} => {Literal(member.Name)},");
        writer.WriteLine("_ => null,");
        writer.CloseBlock(";");
    }

    private static string Display(SerializableModel model) => model.FullyQualifiedName.Substring("global::".Length);

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
