using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Romp.Generators.Model;

namespace Romp.Generators.Emit;

/// <summary>Writes <c>{Interface}Dispatcher</c>: the server side, which reads a call's arguments and invokes the target.</summary>
internal static class DispatcherEmitter
{
    public static void Emit(SourceProductionContext context, ObjectModel model) =>
        GeneratedFile.Add(context, model.Namespace, model.BaseName, "Dispatcher", Generate(model));

    public static string Generate(ObjectModel model)
    {
        string name = model.BaseName + "Dispatcher";
        string qualified = GeneratedFile.Qualify(model.Namespace, name);
        string contract = GeneratedFile.Qualify(model.Namespace, model.BaseName + "Contract");

        // The dispatcher calls the user's members, some of which may be [Obsolete] and are still part of the contract.
        SourceWriter writer = GeneratedFile.Begin(model.Namespace, "#pragma warning disable CS0612, CS0618");
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Runs incoming calls on a local <see cref=\"{model.FullyQualifiedName}\"/>: reads each call's arguments,");
        writer.WriteLine("/// invokes the member and sends its result back.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedFile.GeneratedCodeAttribute);
        writer.WriteLine($"internal sealed class {name} : global::Romp.CompilerServices.DispatcherBase");
        writer.OpenBlock();
        WriteMembers(writer, name, qualified, model.Methods, contract);
        writer.CloseBlock();
        return GeneratedFile.End(writer, model.Namespace);
    }

    /// <summary>
    /// The body of a dispatcher class named <paramref name="name"/>: its singleton, and a dispatch method that switches on
    /// the method id; formatter fields are read from <paramref name="contract"/>.
    /// </summary>
    public static void WriteMembers(SourceWriter writer, string name, string qualified, IEnumerable<MethodModel> methods, string contract)
    {
        writer.WriteLine("/// <summary>The dispatcher; it holds no state.</summary>");
        writer.WriteLine($"public static readonly {qualified} Instance = new {qualified}();");
        writer.WriteLine();
        writer.WriteLine($"private {name}()");
        writer.OpenBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public override global::System.Threading.Tasks.ValueTask DispatchAsync(global::Romp.CompilerServices.IncomingCall call)");
        writer.OpenBlock();
        writer.WriteLine("switch (call.MethodId)");
        writer.OpenBlock();
        foreach (MethodModel method in methods)
        {
            writer.WriteLine($"case {method.Id.ToString(CultureInfo.InvariantCulture)}:");
            writer.Indent().WriteLine($"return Call_{method.UniqueName}(call);").Unindent();
        }

        writer.WriteLine("default:");
        writer.Indent().WriteLine("return call.UnknownMethod();").Unindent();
        writer.CloseBlock();
        writer.CloseBlock();

        foreach (MethodModel method in methods)
        {
            writer.WriteLine();
            WriteCall(writer, method, contract);
        }
    }

    // Not async: RompReader is a ref struct. The arguments are read and checked before the target runs, so a malformed
    // payload is told apart from the method's own failure.
    private static void WriteCall(SourceWriter writer, MethodModel method, string contract)
    {
        writer.WriteLine($"private static global::System.Threading.Tasks.ValueTask Call_{method.UniqueName}(global::Romp.CompilerServices.IncomingCall call)");
        writer.OpenBlock();
        // The call's kind is checked before any argument is read: a stream call to a method that does not stream (or the
        // reverse) carries its arguments at another offset, and the method must never see them.
        string begin = method.Return == ReturnKind.AsyncEnumerable ? "BeginStreamArguments" : "BeginArguments";
        writer.WriteLine($"global::Romp.CompilerServices.RompReader reader = call.{begin}();");
        foreach (ParameterModel parameter in method.Parameters)
            writer.WriteLine($"{parameter.Type.Name} arg_{parameter.Name} = {contract}.{parameter.Type.FieldName}.Read(ref reader);");
        writer.WriteLine("call.EndArguments(ref reader);");
        writer.WriteLine($"{method.DeclaringInterface} target = ({method.DeclaringInterface})call.Target;");

        IEnumerable<ParameterModel> keys = method.IsSetter ? method.Parameters.Take(method.Parameters.Count - 1) : method.Parameters;
        List<string> arguments = keys.Select(static p => "arg_" + p.Name).ToList();
        if (method.CancellationToken is not null)
            arguments.Add("call.CancellationToken");
        string joined = string.Join(", ", arguments);
        string result = method.Result is { } type ? contract + "." + type.FieldName : "";

        string invocation = method.Member switch
        {
            MemberKind.IndexerGet or MemberKind.IndexerSet => $"target[{joined}]",
            MemberKind.PropertyGet or MemberKind.PropertySet => $"target.{method.Name}",
            _ => $"target.{method.Name}({joined})",
        };

        if (method.IsSetter)
        {
            writer.WriteLine($"{invocation} = arg_value;");
            writer.WriteLine("return call.Return();");
        }
        else
        {
            switch (method.Return)
            {
                case ReturnKind.Void:
                    writer.WriteLine(invocation + ";");
                    writer.WriteLine("return call.Return();");
                    break;
                case ReturnKind.Value:
                    writer.WriteLine($"return call.Return({invocation}, {result});");
                    break;
                case ReturnKind.Task or ReturnKind.ValueTask:
                    writer.WriteLine($"return call.ReturnAsync({invocation});");
                    break;
                case ReturnKind.AsyncEnumerable:
                    writer.WriteLine($"return call.StreamAsync({invocation}, {result});");
                    break;
                default:
                    writer.WriteLine($"return call.ReturnAsync({invocation}, {result});");
                    break;
            }
        }

        writer.CloseBlock();
    }
}
