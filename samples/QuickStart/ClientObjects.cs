namespace QuickStart;

/// <summary>The client's Foo with DRbUndumped: it stays here, and the server reaches it by reference.</summary>
public sealed class UndumpedFoo(int x) : IFoo
{
    public int X { get; private set; } = x;

    public ValueTask IncAsync()
    {
        X++;
        return default;
    }
}

/// <summary>The client's listener: the server calls it over the connection the client opened.</summary>
public sealed class PrintingListener : INewsListener
{
    public int Received { get; private set; }

    public ValueTask OnNewsAsync(string headline)
    {
        Received++;
        Console.WriteLine($"  listener got \"{headline}\"");
        return default;
    }
}
