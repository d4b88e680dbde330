using System.ComponentModel;

namespace Romp.CompilerServices;

/// <summary>
/// Base of the generated server-side dispatchers: one singleton per <see cref="RompObjectAttribute"/> interface that
/// reads a call's arguments, invokes the method on the target object and hands the result back through
/// <see cref="IncomingCall"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class DispatcherBase
{
    /// <summary>
    /// Runs <paramref name="call"/>: switch on <see cref="IncomingCall.MethodId"/>, read the arguments between
    /// <see cref="IncomingCall.BeginArguments"/> and <see cref="IncomingCall.EndArguments"/>, invoke, then return through
    /// one of the <c>Return</c> methods. An unknown method id must call <see cref="IncomingCall.UnknownMethod"/>.
    /// </summary>
    public abstract ValueTask DispatchAsync(IncomingCall call);
}
