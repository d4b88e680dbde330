namespace Snippets;

#region README
[RompObject]
public interface IArchive
{
    // The server reads `content` while the call runs, and reports how far it got; the call returns once it is done.
    ValueTask<long> StoreAsync(string name, Stream content, IProgress<long> progress);

    // The caller reads the result after the call returns, as fast as it likes; dispose it to stop early.
    ValueTask<Stream> OpenAsync(string name);
}
#endregion
