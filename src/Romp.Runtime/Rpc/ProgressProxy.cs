using Romp.CompilerServices;

namespace Romp.Rpc;

/// <summary>The callee's <see cref="IProgress{T}"/>: each <see cref="Report"/> is a call of method 1 on the caller's progress object.</summary>
internal sealed class ProgressProxy<T> : ProgressReporter, IProgress<T>
{
    /// <summary>The method id of <see cref="IProgress{T}.Report"/>, the progress object's only method.</summary>
    public const ushort ReportMethodId = 1;

    private readonly IRompFormatter<T> _item;

    public ProgressProxy(ProxyTarget target, IRompFormatter<T> item)
        : base(target) => _item = item;

    /// <summary>Sends the report without waiting for it (unless the window is full); a report after the call ended is dropped.</summary>
    public void Report(T value)
    {
        if (!TryEnter())
            return;
        ValueTask sent;
        try
        {
            sent = InvokeAsync(ReportMethodId, new ReportArgs(value, _item), CancellationToken.None);
        }
        catch (Exception error)
        {
            sent = ValueTask.FromException(error);
        }

        Track(sent);
    }

    private readonly struct ReportArgs(T value, IRompFormatter<T> item) : IRompArgs
    {
        public void Write(ref RompWriter writer) => item.Write(ref writer, value);
    }
}
