namespace Romp.StdioPeer;

/// <summary>The peer's side of <see cref="IStdioService"/>.</summary>
internal sealed class StdioService(RompConnection parent) : IStdioService
{
    public ValueTask<string> EchoAsync(string text) => new(text);

    public ValueTask<int> ProcessIdAsync() => new(Environment.ProcessId);

    public async ValueTask<string> RelayAsync(IStdioCallback callback, string text) => $"child({await callback.TransformAsync(text)})";

    public async ValueTask<string> AskParentAsync(string text)
    {
        IStdioCallback callback = await parent.ResolveAsync<IStdioCallback>(IStdioService.ParentName);
        return $"child({await callback.TransformAsync(text)})";
    }
}
