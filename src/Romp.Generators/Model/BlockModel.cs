namespace Romp.Generators.Model;

/// <summary>
/// A block: an <c>Action</c> or <c>Func</c> type that a remote method takes as a parameter. The caller exports the
/// delegate for the duration of the call, so the block gets its own contract, proxy and dispatcher, with one method.
/// </summary>
/// <param name="ClassName">The nested class of <c>{Interface}Contract</c> that holds them: <c>Block_FuncOfInt32AndValueTask</c>.</param>
/// <param name="DelegateType">The delegate type, fully qualified and without nullable annotations.</param>
/// <param name="DisplayName">The contract name, for messages: <c>block System.Func&lt;int, System.Threading.Tasks.ValueTask&gt;</c>.</param>
/// <param name="ContractId">The FNV-1a hash of <see cref="ContractName"/>.</param>
/// <param name="Invoke">The block's one remote method, id 1: the delegate's <c>Invoke</c>, with parameters <c>arg1</c>...</param>
/// <param name="ContractName">The contract's wire name: <c>block</c> and the delegate's wire signature, <c>block(int32)->void</c>.</param>
internal sealed record BlockModel(
    string ClassName,
    string DelegateType,
    string DisplayName,
    ulong ContractId,
    MethodModel Invoke,
    string ContractName = "");
