using Romp.Fuzz.Target;

namespace Romp.Fuzz.Recording;

/// <summary>
/// The sessions a real client plays against the target while it is recorded: between them they send every frame type
/// a client sends (REQUEST, REQUEST_BLOCK, ONEWAY, ONEWAY_SYNC, SYNC, CANCEL, CREDIT, RELEASE, RETVAL for a callback,
/// GOODBYE) and every argument shape the target has. Each is one connection; the recorder adds the hello and GOODBYE.
/// </summary>
internal static class ConversationScripts
{
    /// <summary>Resolve name of the fuzzed target.</summary>
    public const string TargetName = "target";

    public static IReadOnlyList<(string Name, Func<RompClient, CancellationToken, Task> Run)> All { get; } =
    [
        ("calls", CallsAsync),
        ("stream", StreamAsync),
        ("callback", CallbackAsync),
        ("pipelined", PipelinedAsync),
        ("release", ReleaseAsync),
        ("deep", DeepAsync),
    ];

    public static Shape SampleShape(int corners) =>
        new("triangle ☃", new Point(1, 2), Enumerable.Range(0, corners).Select(static i => new Point(i, -i)).ToList());

    public static Chain? SampleChain(int depth)
    {
        Chain? chain = null;
        for (int i = depth; i > 0; i--)
            chain = new Chain(i, chain);
        return chain;
    }

    private static async Task CallsAsync(RompClient client, CancellationToken cancellationToken)
    {
        IFuzzTarget target = await client.ResolveAsync<IFuzzTarget>(TargetName, cancellationToken);
        await Expect(target.AddAsync(2, 40, CallFingerprint.Add(2, 40)), 42);
        foreach (string? text in new[] { "héllo 𝄞", null, "" })
            await Expect(target.EchoAsync(text, CallFingerprint.Echo(text)), text);
        byte[] bytes = Enumerable.Range(0, 256).Select(static i => (byte)i).ToArray();
        await Expect(target.SumAsync(bytes, CallFingerprint.Sum(bytes)), 255 * 128);
        await Expect(target.SumAsync(null, CallFingerprint.Sum(null)), -1);
        List<int> items = [1, 2, 3, int.MinValue];
        await Expect(target.CountAsync(items, CallFingerprint.Count(items)), 4);
        Shape shape = SampleShape(3);
        Shape? moved = await target.MoveAsync(shape, 5, CallFingerprint.Move(shape, 5));
        if (moved?.Origin?.X != 6)
            throw new InvalidOperationException("MoveAsync did not move the shape.");
        Shape bare = new(null, null, null);
        await target.MoveAsync(bare, 1, CallFingerprint.Move(bare, 1));
        Chain? chain = SampleChain(5);
        await Expect(target.DepthAsync(chain, CallFingerprint.Depth(chain)), 5);
        target.Note(7, CallFingerprint.Note(7));
        await target.NoteSyncAsync("noted", CallFingerprint.NoteSync("noted"));
        await client.SyncAsync(cancellationToken);
    }

    private static async Task StreamAsync(RompClient client, CancellationToken cancellationToken)
    {
        IFuzzTarget target = await client.ResolveAsync<IFuzzTarget>(TargetName, cancellationToken);
        // 200 items through a window of 64: the client grants CREDIT as it takes them.
        int seen = 0;
        await foreach (int item in target.RangeAsync(0, 200, CallFingerprint.Range(0, 200), cancellationToken))
        {
            if (item != seen++)
                throw new InvalidOperationException($"RangeAsync sent {item} where {seen - 1} was due.");
        }

        // Stopping early sends CANCEL.
        await foreach (int item in target.RangeAsync(10, 1000, CallFingerprint.Range(10, 1000), cancellationToken))
        {
            if (item >= 20)
                break;
        }

        await foreach (int _ in target.RangeAsync(0, 0, CallFingerprint.Range(0, 0), cancellationToken))
            throw new InvalidOperationException("An empty range sent an item.");
        await client.SyncAsync(cancellationToken);
    }

    private static async Task CallbackAsync(RompClient client, CancellationToken cancellationToken)
    {
        IFuzzTarget target = await client.ResolveAsync<IFuzzTarget>(TargetName, cancellationToken);
        var callback = new FuzzCallback();
        await Expect(target.CallBackAsync(callback, 5, CallFingerprint.CallBack(true, 5)), 6);
        await Expect(target.CallBackAsync(null, 1, CallFingerprint.CallBack(false, 1)), -1);
        client.Unregister(callback);
        await client.SyncAsync(cancellationToken);
    }

    private static async Task PipelinedAsync(RompClient client, CancellationToken cancellationToken)
    {
        IFuzzTarget target = await client.ResolveAsync<IFuzzTarget>(TargetName, cancellationToken);
        var calls = new List<Task>();
        for (int i = 0; i < 16; i++)
        {
            calls.Add(Expect(target.AddAsync(i, i, CallFingerprint.Add(i, i)), 2 * i));
            string text = new('x', i * 7);
            calls.Add(Expect(target.EchoAsync(text, CallFingerprint.Echo(text)), text));
            target.Note(i, CallFingerprint.Note(i));
        }

        await Task.WhenAll(calls);
        await client.SyncAsync(cancellationToken);
    }

    private static async Task ReleaseAsync(RompClient client, CancellationToken cancellationToken)
    {
        IFuzzTarget target = await client.ResolveAsync<IFuzzTarget>(TargetName, cancellationToken);
        await Expect(target.AddAsync(1, 1, CallFingerprint.Add(1, 1)), 2);
        // Releasing the proxy sends RELEASE; SYNC is ordered after it, so it is on the wire before the next resolve.
        RompProxy.Release(target);
        await client.SyncAsync(cancellationToken);
        IFuzzTarget again = await client.ResolveAsync<IFuzzTarget>(TargetName, cancellationToken);
        await Expect(again.AddAsync(3, 4, CallFingerprint.Add(3, 4)), 7);
    }

    private static async Task DeepAsync(RompClient client, CancellationToken cancellationToken)
    {
        IFuzzTarget target = await client.ResolveAsync<IFuzzTarget>(TargetName, cancellationToken);
        // The deepest chain the wire allows, and a wide shape: the seeds that nesting and length mutations grow from.
        Chain? chain = SampleChain(512);
        await Expect(target.DepthAsync(chain, CallFingerprint.Depth(chain)), 512);
        Shape shape = SampleShape(100);
        await target.MoveAsync(shape, -1, CallFingerprint.Move(shape, -1));
        byte[] block = new byte[4000];
        await target.SumAsync(block, CallFingerprint.Sum(block));
    }

    private static async Task Expect<T>(ValueTask<T> call, T expected)
    {
        T actual = await call;
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
            throw new InvalidOperationException($"A recorded call returned {actual} instead of {expected}.");
    }

    private static Task Expect<T>(Task<T> call, T expected) => Expect(new ValueTask<T>(call), expected);
}
