using Romp.CompilerServices;

namespace Romp.Rpc;

/// <summary>Runs the reports a callee sends on the caller's own <see cref="IProgress{T}"/>, one at a time, in order (its contract is serial).</summary>
internal sealed class ProgressDispatcher<T>(IRompFormatter<T> item) : DispatcherBase
{
    public override ValueTask DispatchAsync(IncomingCall call)
    {
        if (call.MethodId != ProgressProxy<T>.ReportMethodId)
            return call.UnknownMethod();
        RompReader reader = call.BeginArguments();
        T value = item.Read(ref reader);
        call.EndArguments(ref reader);
        ((IProgress<T>)call.Target).Report(value);
        return call.Return();
    }
}
