using System.Collections.Concurrent;

namespace Snippets;

/// <summary>The README's progress-and-streams example: files stored in memory, sent both ways as byte streams.</summary>
public sealed class Archive : IArchive
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    public static async Task RunAsync()
    {
        await using var server = new RompServer("inproc://archive");
        server.Bind<IArchive>("archive", new Archive());
        await server.StartAsync();
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);
        IArchive archive = await client.ResolveAsync<IArchive>("archive");
        string path = Environment.ProcessPath!; // any file will do: this program's own

        #region README
        await using FileStream file = File.OpenRead(path);
        long stored = await archive.StoreAsync("backup", file, new Progress<long>(bytes => Console.Write($"\r{bytes:N0} bytes stored")));
        Console.WriteLine($"\nstored {stored:N0} bytes");

        await using Stream copy = await archive.OpenAsync("backup");
        await copy.CopyToAsync(Stream.Null);
        #endregion
    }

    public async ValueTask<long> StoreAsync(string name, Stream content, IProgress<long> progress)
    {
        using var stored = new MemoryStream();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer)) > 0)
        {
            stored.Write(buffer, 0, read);
            progress.Report(stored.Length);
        }

        _files[name] = stored.ToArray();
        return stored.Length;
    }

    public ValueTask<Stream> OpenAsync(string name) => new(new MemoryStream(_files[name], writable: false));
}
