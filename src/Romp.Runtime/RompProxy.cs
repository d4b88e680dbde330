using System.Diagnostics.CodeAnalysis;
using Romp.Rpc;

namespace Romp;

/// <summary>
/// Answers the questions a program has about a value that may stand for a remote object: is it a proxy, is its
/// connection still up, and gives its reference back early.
/// </summary>
/// <remarks>
/// A proxy is what a <see cref="RompObjectAttribute"/> interface value (or a block delegate) received from a peer is.
/// The peer keeps the object alive while some proxy for it is alive on some connection; a proxy that is collected
/// gives its reference back on its own, so <see cref="Release"/> only makes that happen sooner.
/// </remarks>
public static class RompProxy
{
    /// <summary>True when <paramref name="value"/> is a proxy for a remote object, or a delegate that calls a remote block.</summary>
    public static bool IsProxy([NotNullWhen(true)] object? value) => Find(value) is not null;

    /// <summary>True while the proxy's connection is open and the proxy has not been released (after a reconnect, its new connection).</summary>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy.</exception>
    public static bool IsConnected(object proxy)
    {
        ProxyBase found = Get(proxy);
        return !found.Handle.Released && !found.Connection.Completion.IsCompleted;
    }

    /// <summary>True once the proxy was released (disposed, or its block's call ended); its calls then fail with <see cref="RompError.DroppedObject"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy.</exception>
    public static bool IsReleased(object proxy) => Get(proxy).Handle.Released;

    /// <summary>Completes when the proxy's connection closes; <see cref="GetCloseReason"/> then says why.</summary>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy.</exception>
    public static Task WhenDisconnected(object proxy) => Get(proxy).Connection.Completion;

    /// <summary>Why the proxy's connection closed, once it has (null while it is open).</summary>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy.</exception>
    public static RompException? GetCloseReason(object proxy) => Get(proxy).Connection.CloseReason;

    /// <summary>
    /// Gives the proxy's reference back to the object's owner now, like disposing it. Idempotent. Later calls through
    /// the proxy fail with <see cref="RompError.DroppedObject"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy.</exception>
    public static void Release(object proxy) => Get(proxy).Dispose();

    /// <summary>
    /// Where the proxy is after a lost connection: alive, stopped while it waits to be bound again, resumed on a new
    /// connection, or terminated (Oberon's proxy states).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy.</exception>
    public static RompProxyState GetState(object proxy)
    {
        ProxyBase found = Get(proxy);
        if (found.Handle.Released)
            return RompProxyState.Terminated;
        if (found.Recovery is { } recovery)
            return recovery.State;
        return found.Connection.IsClosed ? RompProxyState.Terminated : RompProxyState.Alive;
    }

    /// <summary>
    /// Installs how <paramref name="proxy"/> comes back after its client reconnects (Oberon's InstallRecoverHandler and
    /// ReImport): <paramref name="recover"/> runs on the new connection and returns the object to bind the same proxy
    /// instance to, typically by asking a named object of the client again (<c>await factory.CreateAsync("hits", ct)</c>).
    /// Meant for objects handed out by reference, which otherwise die with their connection; for a proxy resolved by
    /// name it takes the place of resolving the name again. The last handler installed wins.
    /// </summary>
    /// <remarks>
    /// While the handler runs the proxy is <see cref="RompProxyState.CommunicationStopped"/>, and calls through it wait;
    /// afterwards it is <see cref="RompProxyState.CommunicationResumed"/>, or <see cref="RompProxyState.Terminated"/>
    /// when the handler throws or returns anything other than a proxy of the same contract from the same client. The
    /// returned proxy and this one then share one reference: disposing either releases the object.
    /// </remarks>
    /// <typeparam name="T">The proxy's <see cref="RompObjectAttribute"/> interface.</typeparam>
    /// <exception cref="ArgumentException"><paramref name="proxy"/> is not a proxy, or is the proxy of a block.</exception>
    /// <exception cref="InvalidOperationException">
    /// The proxy does not come from a <see cref="RompClient"/> with a <see cref="RompClientOptions.Reconnect"/> policy:
    /// nothing would reconnect to run the handler.
    /// </exception>
    public static void OnRecover<T>(T proxy, Func<CancellationToken, ValueTask<T>> recover) where T : class
    {
        ArgumentNullException.ThrowIfNull(recover);
        ProxyBase found = Get(proxy);
        if (found.IsBlock)
            throw new ArgumentException("A block's proxy lives only as long as the call it came with; it cannot recover.", nameof(proxy));
        RecoverableProxies recoverable = found.Connection.Recoverable
            ?? throw new InvalidOperationException($"This proxy ({found.Handle.Contract.InterfaceName}) is not on the connection of a RompClient with a Reconnect policy, so nothing would ever run its recovery handler.");
        recoverable.Add(found, name: null).SetHandler(async cancellationToken => await recover(cancellationToken).ConfigureAwait(false));
    }

    // A delegate counts only when it is a remote block's, not any delegate bound to a proxy's method.
    private static ProxyBase? Find(object? value) =>
        value as ProxyBase ?? ((value as Delegate)?.Target is ProxyBase { IsBlock: true } block ? block : null);

    private static ProxyBase Get(object proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return Find(proxy) ?? throw new ArgumentException($"A {proxy.GetType().Name} is a local object, not a Romp proxy.", nameof(proxy));
    }
}
