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

    /// <summary>True while the proxy's connection is open and the proxy has not been released.</summary>
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

    // A delegate counts only when it is a remote block's, not any delegate bound to a proxy's method.
    private static ProxyBase? Find(object? value) =>
        value as ProxyBase ?? ((value as Delegate)?.Target is ProxyBase { IsBlock: true } block ? block : null);

    private static ProxyBase Get(object proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return Find(proxy) ?? throw new ArgumentException($"A {proxy.GetType().Name} is a local object, not a Romp proxy.", nameof(proxy));
    }
}
