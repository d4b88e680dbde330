using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Romp.Generators.Model;

namespace Romp.Generators.Emit;

/// <summary>
/// Writes <c>{Type}Formatter</c> for a union: an abstract <c>[RompSerializable]</c> type with <c>[RompUnion]</c> cases.
/// Wire form (docs/protocol.md §5): a length prefix (-1 for null), the case's uint16 tag, then the case's own encoding,
/// written and read by the case's formatter. The reader creates only the declared cases, chosen by tag; the writer
/// refuses a value whose runtime type is no declared case, before the frame is sent.
/// </summary>
internal static class UnionFormatterEmitter
{
    public static void Emit(SourceProductionContext context, UnionModel model) =>
        GeneratedFile.Add(context, model.Namespace, model.BaseName, "Formatter", Generate(model));

    public static string Generate(UnionModel model)
    {
        string name = model.BaseName + "Formatter";
        string qualified = GeneratedFile.Qualify(model.Namespace, name);
        string valueType = model.FullyQualifiedName + "?";

        // The cases' formatters read and write members that may be [Obsolete]; so may the cases themselves.
        SourceWriter writer = GeneratedFile.Begin(model.Namespace, "#pragma warning disable CS0612, CS0618");
        writer.WriteLine($"/// <summary>Reads and writes <see cref=\"{model.FullyQualifiedName}\"/> as one of its [RompUnion] cases, in Romp's binary format.</summary>");
        GeneratedFile.WriteFormatterAttributes(writer, model.FullyQualifiedName);
        writer.WriteLine($"{(model.IsPublic ? "public" : "internal")} sealed class {name} : global::Romp.CompilerServices.IRompFormatter<{valueType}>");
        writer.OpenBlock();
        writer.WriteLine("/// <summary>The formatter; it holds no state.</summary>");
        writer.WriteLine($"public static readonly {qualified} Instance = new {qualified}();");
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

    private static void WriteWrite(SourceWriter writer, UnionModel model, string valueType)
    {
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine($"public void Write(ref global::Romp.CompilerServices.RompWriter writer, {valueType} value)");
        writer.OpenBlock();
        writer.WriteLine("if (value is null)");
        writer.OpenBlock();
        writer.WriteLine("writer.WriteNullLength();");
        writer.WriteLine("return;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("writer.EnterNested();");
        writer.WriteLine("global::Romp.CompilerServices.LengthPrefix prefix = writer.BeginLengthPrefix();");
        writer.WriteLine("switch (value)");
        writer.OpenBlock();
        foreach (UnionCaseModel @case in model.Cases)
        {
            string tag = @case.Tag.ToString(CultureInfo.InvariantCulture);
            string variable = "case" + tag;
            // An open case's subclass is not that case: it would be sliced, so it falls through to the error.
            string guard = @case.Kind == UnionCaseKind.Open ? $" when {variable}.GetType() == typeof({@case.FullyQualifiedName})" : "";
            writer.WriteLine($"case {@case.FullyQualifiedName} {variable}{guard}:");
            writer.Indent();
            writer.WriteLine($"writer.WriteUInt16({tag});");
            writer.WriteLine($"{@case.Formatter}.Write(ref writer, {variable});");
            writer.WriteLine("break;");
            writer.Unindent();
        }

        // Thrown while the frame is still being built: nothing of the call is sent.
        writer.WriteLine("default:");
        writer.Indent();
        writer.WriteLine($"throw global::Romp.CompilerServices.RompFormatterErrors.UndeclaredUnionCase(typeof({model.FullyQualifiedName}), value.GetType(), {model.FreeTag.ToString(CultureInfo.InvariantCulture)});");
        writer.Unindent();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("writer.EndLengthPrefix(prefix);");
        writer.WriteLine("writer.ExitNested();");
        writer.CloseBlock();
    }

    private static void WriteRead(SourceWriter writer, UnionModel model, string valueType)
    {
        string display = SymbolDisplay.FormatLiteral(model.DisplayName, quote: false);
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine($"public {valueType} Read(ref global::Romp.CompilerServices.RompReader reader)");
        writer.OpenBlock();
        writer.WriteLine("int length = reader.ReadLength();");
        writer.WriteLine("if (length < 0)");
        writer.OpenBlock();
        writer.WriteLine("return null;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("reader.EnterNested();");
        writer.WriteLine("long end = reader.Consumed + length;");
        writer.WriteLine("ushort tag = reader.ReadUInt16();");
        writer.WriteLine($"{valueType} value = tag switch");
        writer.OpenBlock();
        foreach (UnionCaseModel @case in model.Cases)
            writer.WriteLine($"{@case.Tag.ToString(CultureInfo.InvariantCulture)} => {@case.Formatter}.Read(ref reader),");
        // Only the declared cases are ever created: an unknown tag fails this value, whatever the peer meant by it.
        writer.WriteLine($"_ => throw global::Romp.CompilerServices.RompFormatterErrors.UnknownUnionTag(\"{display}\", tag),");
        writer.CloseBlock(";");
        writer.WriteLine("if (value is null)");
        writer.OpenBlock();
        writer.WriteLine($"throw new global::Romp.RompException(global::Romp.RompError.InvalidMessage, \"A {display} value holds a null case.\");");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("if (reader.Consumed > end)");
        writer.OpenBlock();
        writer.WriteLine($"throw new global::Romp.RompException(global::Romp.RompError.InvalidMessage, \"A {display} value is longer than its length prefix.\");");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("// Bytes after the case, up to the length, are left for a later version of the format.");
        writer.WriteLine("reader.Skip(end - reader.Consumed);");
        writer.WriteLine("reader.ExitNested();");
        writer.WriteLine("return value;");
        writer.CloseBlock();
    }
}
