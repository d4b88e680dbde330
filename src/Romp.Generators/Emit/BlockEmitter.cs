using System.Linq;
using Romp.Generators.Model;

namespace Romp.Generators.Emit;

/// <summary>
/// Writes the nested class of <c>{Interface}Contract</c> for one block (a delegate parameter): its contract, and the
/// proxy and dispatcher of its one method, id 1, written like those of an interface method of the same shape.
/// </summary>
internal static class BlockEmitter
{
    /// <summary>The block class; formatter fields are read from <paramref name="contract"/>, which contains it.</summary>
    public static void Write(SourceWriter writer, BlockModel block, string contract)
    {
        string qualified = contract + "." + block.ClassName;
        MethodModel invoke = block.Invoke;
        string display = block.DisplayName.Substring("block ".Length);
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Marshals <c>{Xml(display)}</c> parameters as blocks: the caller exports the delegate for the duration");
        writer.WriteLine("/// of the call, and the callee calls it back through a proxy with one method.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine($"internal static class {block.ClassName}");
        writer.OpenBlock();
        writer.WriteLine("/// <summary>The block's contract, which its formatter exports and imports delegates with.</summary>");
        writer.WriteLine("internal static readonly global::Romp.CompilerServices.RompObjectContract Contract = new(");
        ContractEmitter.WriteArguments(writer, block.DisplayName, ContractEmitter.Literal(block.ContractName), ContractEmitter.Hex(block.ContractId), "global::Romp.RompAccess.Parallel",
            qualified + ".Proxy", qualified + ".Dispatcher", new[] { invoke }, idempotentIds: null, ");");

        writer.WriteLine();
        writer.WriteLine("/// <summary>Calls a remote block: the delegate it creates sends each invocation to the other end.</summary>");
        writer.WriteLine($"private sealed class Proxy : global::Romp.CompilerServices.BlockProxy<{block.DelegateType}>");
        writer.OpenBlock();
        ProxyEmitter.WriteConstructor(writer, "Proxy", "a remote block");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine($"protected override {block.DelegateType} CreateDelegate() => this.InvokeRemote;");
        writer.WriteLine();
        string parameters = string.Join(", ", invoke.Parameters.Select(static p => p.Type.Name + " " + p.Identifier));
        writer.WriteLine($"private {invoke.DeclaredType} InvokeRemote({parameters})");
        writer.Indent().WriteLine("=> " + ProxyEmitter.Body(invoke, contract) + ";").Unindent();
        ProxyEmitter.WriteArgs(writer, invoke, contract);
        writer.CloseBlock();

        writer.WriteLine();
        writer.WriteLine("/// <summary>Runs incoming calls on a local delegate: reads the arguments, invokes it and sends its result back.</summary>");
        writer.WriteLine("private sealed class Dispatcher : global::Romp.CompilerServices.DispatcherBase");
        writer.OpenBlock();
        DispatcherEmitter.WriteMembers(writer, "Dispatcher", qualified + ".Dispatcher", new[] { invoke }, contract);
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
