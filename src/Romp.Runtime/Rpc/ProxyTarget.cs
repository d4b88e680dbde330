using System.ComponentModel;
using Romp.Rpc;

namespace Romp.CompilerServices;

/// <summary>The remote object a generated proxy talks to: a connection and the reference the proxy holds on it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ProxyTarget
{
    internal ProxyTarget(ImportHandle handle) => Handle = handle;

    internal ImportHandle Handle { get; }
}
