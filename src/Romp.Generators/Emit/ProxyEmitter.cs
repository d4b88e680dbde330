using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Romp.Generators.Model;

namespace Romp.Generators.Emit;

/// <summary>Writes <c>{Interface}Proxy</c>: the client side, which packs each call's arguments and sends them.</summary>
internal static class ProxyEmitter
{
    public static void Emit(SourceProductionContext context, ObjectModel model) =>
        GeneratedFile.Add(context, model.Namespace, model.BaseName, "Proxy", Generate(model));

    public static string Generate(ObjectModel model)
    {
        string name = model.BaseName + "Proxy";
        string contract = GeneratedFile.Qualify(model.Namespace, model.BaseName + "Contract");
        SourceWriter writer = GeneratedFile.Begin(model.Namespace);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Calls a remote <see cref=\"{model.FullyQualifiedName}\"/>: each member sends its arguments to the object");
        writer.WriteLine("/// on the other end of the connection and returns its reply.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(GeneratedFile.GeneratedCodeAttribute);
        writer.WriteLine($"internal sealed class {name} : global::Romp.CompilerServices.ProxyBase, {model.FullyQualifiedName}");
        writer.OpenBlock();
        WriteConstructor(writer, name, "a remote object");

        EquatableArray<MethodModel> methods = model.Methods;
        for (int i = 0; i < methods.Count; i++)
        {
            MethodModel method = methods[i];
            writer.WriteLine();
            if (method.Member == MemberKind.Method)
            {
                WriteMethod(writer, method, contract);
                continue;
            }

            // The accessors of one property come one after the other in the model; declare them together.
            var accessors = new List<MethodModel> { method };
            while (i + 1 < methods.Count && methods[i + 1].MemberKey == method.MemberKey)
                accessors.Add(methods[++i]);
            WriteProperty(writer, accessors, contract);
        }

        foreach (MethodModel method in methods)
            WriteArgs(writer, method, contract);

        writer.CloseBlock();
        return GeneratedFile.End(writer, model.Namespace);
    }

    /// <summary>The constructor of a proxy class named <paramref name="name"/>, bound to <paramref name="target"/> (for the doc comment).</summary>
    public static void WriteConstructor(SourceWriter writer, string name, string target)
    {
        writer.WriteLine($"/// <summary>Binds the proxy to {target}.</summary>");
        writer.WriteLine($"public {name}(global::Romp.CompilerServices.ProxyTarget target)");
        writer.Indent().WriteLine(": base(target)").Unindent();
        writer.OpenBlock();
        writer.CloseBlock();
    }

    private static void WriteMethod(SourceWriter writer, MethodModel method, string contract)
    {
        IEnumerable<string> parameters = method.Parameters.Select(static p => p.Type.Name + " " + p.Identifier);
        if (method.CancellationToken is { } token)
            parameters = parameters.Concat(new[] { "global::System.Threading.CancellationToken " + token });
        writer.WriteLine($"{method.DeclaredType} {method.DeclaringInterface}.{method.Name}({string.Join(", ", parameters)})");
        writer.Indent().WriteLine("=> " + Body(method, contract) + ";").Unindent();
    }

    private static void WriteProperty(SourceWriter writer, List<MethodModel> accessors, string contract)
    {
        MethodModel first = accessors[0];
        string declaration = $"{first.DeclaredType} {first.DeclaringInterface}.{first.Name}";
        if (first.IsIndexer)
        {
            IEnumerable<ParameterModel> keys = first.IsSetter ? first.Parameters.Take(first.Parameters.Count - 1) : first.Parameters;
            IEnumerable<string> parameters = keys.Select(static p => p.Type.Name + " " + p.Identifier);
            if (first.CancellationToken is { } token)
                parameters = parameters.Concat(new[] { "global::System.Threading.CancellationToken " + token });
            declaration += "[" + string.Join(", ", parameters) + "]";
        }

        writer.WriteLine(declaration);
        writer.OpenBlock();
        foreach (MethodModel accessor in accessors)
            writer.WriteLine((accessor.IsGetter ? "get" : "set") + " => " + Body(accessor, contract) + ";");
        writer.CloseBlock();
    }

    /// <summary>The expression that sends a call of <paramref name="method"/>; formatter fields are read from <paramref name="contract"/>.</summary>
    public static string Body(MethodModel method, string contract)
    {
        string id = method.Id.ToString(CultureInfo.InvariantCulture);
        string args = method.Parameters.Count == 0
            ? "default(global::Romp.CompilerServices.NoArgs)"
            : $"new {method.UniqueName}_Args({string.Join(", ", method.Parameters.Select(static p => p.Identifier))})";
        string token = method.CancellationToken ?? "default";
        string result = method.Result is { } type ? contract + "." + type.FieldName : "";
        return (method.Call, method.Return) switch
        {
            (CallKind.Stream, _) => $"this.InvokeStream({id}, {args}, {result}, {token})",
            (CallKind.Oneway, ReturnKind.Void) => $"this.SendOneway({id}, {args})",
            (CallKind.Oneway, ReturnKind.Task) => $"this.SendOnewayAsync({id}, {args}).AsTask()",
            (CallKind.Oneway, _) => $"this.SendOnewayAsync({id}, {args})",
            (CallKind.OnewaySync, ReturnKind.Task) => $"this.SendOnewaySyncAsync({id}, {args}, {token}).AsTask()",
            (CallKind.OnewaySync, _) => $"this.SendOnewaySyncAsync({id}, {args}, {token})",
            (_, ReturnKind.Void) => $"this.Invoke({id}, {args}, {token})",
            (_, ReturnKind.Value) => $"this.Invoke({id}, {args}, {result}, {token})",
            (_, ReturnKind.Task) => $"this.InvokeAsync({id}, {args}, {token}).AsTask()",
            (_, ReturnKind.ValueTask) => $"this.InvokeAsync({id}, {args}, {token})",
            (_, ReturnKind.TaskOfT) => $"this.InvokeAsync({id}, {args}, {result}, {token}).AsTask()",
            _ => $"this.InvokeAsync({id}, {args}, {result}, {token})",
        };
    }

    /// <summary>The <c>IRompArgs</c> struct of a method with parameters, after an empty line; nothing for a method without any.</summary>
    public static void WriteArgs(SourceWriter writer, MethodModel method, string contract)
    {
        if (method.Parameters.Count == 0)
            return;

        string name = method.UniqueName + "_Args";
        writer.WriteLine();
        writer.WriteLine($"/// <summary>The arguments of <c>{method.UniqueName}</c> (method id {method.Id.ToString(CultureInfo.InvariantCulture)}), written in declaration order.</summary>");
        writer.WriteLine($"private readonly struct {name} : global::Romp.CompilerServices.IRompArgs");
        writer.OpenBlock();
        foreach (ParameterModel parameter in method.Parameters)
            writer.WriteLine($"private readonly {parameter.Type.Name} _{parameter.Name};");
        writer.WriteLine();
        writer.WriteLine($"public {name}({string.Join(", ", method.Parameters.Select(static p => p.Type.Name + " " + p.Identifier))})");
        writer.OpenBlock();
        foreach (ParameterModel parameter in method.Parameters)
            writer.WriteLine($"_{parameter.Name} = {parameter.Identifier};");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("public void Write(ref global::Romp.CompilerServices.RompWriter writer)");
        writer.OpenBlock();
        foreach (ParameterModel parameter in method.Parameters)
            writer.WriteLine($"{contract}.{parameter.Type.FieldName}.Write(ref writer, _{parameter.Name});");
        writer.CloseBlock();
        writer.CloseBlock();
    }
}
