namespace Romp;

/// <summary>
/// Declares that a method of a <see cref="RompObjectAttribute"/> interface is idempotent: running it twice has the same
/// effect as running it once. A call to it that was in flight when the connection was lost may therefore be sent again
/// after a reconnect, where every other call fails with <see cref="RompError.ConnectionBroken"/>.
/// </summary>
/// <remarks>
/// <para>
/// Romp sends such a call again at most once, and only on a proxy that reconnects. The attribute is never sent and is
/// not part of the contract id, so the two peers may disagree about it harmlessly: the caller's declaration decides.
/// </para>
/// <para>
/// It may be applied to a property or indexer accessor (<c>int Level { [Idempotent] get; set; }</c>), but never to a
/// <see cref="OnewayAttribute"/> method, which may already have run and has no reply to wait for, or to a stream method
/// (<see cref="IAsyncEnumerable{T}"/>), some of whose items may already have been delivered: the generator reports
/// both as errors.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class IdempotentAttribute : Attribute
{
}
