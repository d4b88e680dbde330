namespace Romp.StdioPeer;

/// <summary>
/// <c>client tcp://127.0.0.1:PORT [COUNT]</c>: connects to the test's server, takes COUNT (1,000 by default) objects
/// by reference from its <see cref="IItemSource"/>, prints <c>ready</c>, and starts a call that never returns: the test
/// kills this process in the middle of it.
/// </summary>
internal static class ClientMode
{
    public static async Task<int> RunAsync(string endpoint, int count)
    {
        await using RompClient client = await RompClient.ConnectAsync(endpoint);
        IItemSource source = await client.ResolveAsync<IItemSource>(IItemSource.Name);
        var held = new List<IChildItem>(count);
        for (int i = 0; i < count; i++)
            held.Add(await source.CreateAsync(i));
        if (await held[^1].NumberAsync() != count - 1)
            return 4;

        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        // Whichever ends first: the hang (only if the server cancels it), or standard input (the test let go of us).
        await Task.WhenAny(source.HangAsync(CancellationToken.None).AsTask(), Console.OpenStandardInput().CopyToAsync(Stream.Null));
        GC.KeepAlive(held);
        return 0;
    }
}
