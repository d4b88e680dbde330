using System.Runtime.CompilerServices;

namespace Romp.Tests.Contracts;

/// <summary>Reports what <see cref="RompCallContext.Current"/> says while serving a call, in each shape a call can take.</summary>
[RompObject]
public interface IIdentityProbe
{
    /// <summary>The caller's name after an await, or "(none)" when there is no context.</summary>
    Task<string> WhoAmIAsync();

    /// <summary>The caller's name, read again inside the iterator before each item.</summary>
    IAsyncEnumerable<string> WhoAmIStreamAsync(int count);

    /// <summary>Calls <paramref name="callback"/> back, then reports the caller's name: the context survives the round trip.</summary>
    Task<string> WhoAmIAfterCallbackAsync(IProbeCallback callback);

    /// <summary>A probe handed out by reference, with no name and no policy of its own.</summary>
    Task<IIdentityProbe> ChildAsync();

    /// <summary>True when the context's token is the one the method received.</summary>
    Task<bool> TokenMatchesAsync(CancellationToken cancellationToken);

    /// <summary>The thumbprint of the caller's certificate (mutual TLS), or null.</summary>
    Task<string?> CallerCertificateAsync();
}

/// <summary>The client's side of <see cref="IIdentityProbe.WhoAmIAfterCallbackAsync"/>.</summary>
[RompObject]
public interface IProbeCallback
{
    /// <summary>True when the callback itself runs with a context of the client's connection.</summary>
    Task<bool> PingAsync();
}

public sealed class IdentityProbe : IIdentityProbe
{
    private int _calls;

    /// <summary>How many calls reached this object's code.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public async Task<string> WhoAmIAsync()
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        return Name();
    }

    public async IAsyncEnumerable<string> WhoAmIStreamAsync(int count)
    {
        Interlocked.Increment(ref _calls);
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return Name();
        }
    }

    public async Task<string> WhoAmIAfterCallbackAsync(IProbeCallback callback)
    {
        Interlocked.Increment(ref _calls);
        if (!await callback.PingAsync())
            return "(callback had no context)";
        return Name();
    }

    public Task<IIdentityProbe> ChildAsync()
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult<IIdentityProbe>(new IdentityProbe());
    }

    public async Task<bool> TokenMatchesAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        return RompCallContext.Current?.CancellationToken == cancellationToken;
    }

    public async Task<string?> CallerCertificateAsync()
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        return RompCallContext.Current?.RemoteCertificate?.Thumbprint;
    }

    private static string Name() => RompCallContext.Current?.Principal.Identity?.Name ?? "(none)";
}

/// <summary>Checks that a callback runs with a context of its own connection.</summary>
public sealed class ProbeCallback(Func<RompConnection> expected) : IProbeCallback
{
    public Task<bool> PingAsync() => Task.FromResult(RompCallContext.Current?.Connection == expected());
}
