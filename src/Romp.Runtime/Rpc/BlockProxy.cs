using System.ComponentModel;

namespace Romp.CompilerServices;

/// <summary>
/// Base of the generated proxies for blocks (delegate parameters): a remote delegate is a proxy with one method, id 1,
/// and <see cref="Delegate"/> is a delegate bound to it.
/// </summary>
/// <typeparam name="TDelegate">The delegate type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class BlockProxy<TDelegate> : ProxyBase where TDelegate : Delegate
{
    private TDelegate? _delegate;

    /// <summary>Binds the proxy to the remote delegate.</summary>
    protected BlockProxy(ProxyTarget target)
        : base(target)
    {
    }

    internal override bool IsBlock => true;

    /// <summary>The method id a block is called with.</summary>
    public const ushort InvokeMethodId = 1;

    /// <summary>A delegate that calls the remote block; the same instance every time, so it maps back to this proxy.</summary>
    public TDelegate Delegate => _delegate ??= CreateDelegate();

    /// <summary>Creates a delegate bound to the generated method that sends the call.</summary>
    protected abstract TDelegate CreateDelegate();
}
