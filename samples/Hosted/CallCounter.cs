namespace Hosted;

/// <summary>A service of the server's host, shared by whatever takes it: here the calculator counts its calls in it.</summary>
public sealed class CallCounter
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public void Count() => Interlocked.Increment(ref _calls);
}
