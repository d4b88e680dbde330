namespace Romp.Tests.Contracts;

/// <summary>Two facets of one object: holding one must not grant the other.</summary>
[RompObject]
public interface IUserFacet
{
    ValueTask<string> NameAsync();
}

[RompObject]
public interface IAdminFacet
{
    ValueTask WipeAsync();
}

[RompObject]
public interface IVault
{
    ValueTask<IUserFacet> GetUserAsync();

    /// <summary>Accepts only an admin capability the caller holds.</summary>
    ValueTask<bool> WipeWithAsync(IAdminFacet admin);
}

public sealed class Account : IUserFacet, IAdminFacet
{
    public bool Wiped;

    public ValueTask<string> NameAsync() => new("alice");

    public ValueTask WipeAsync()
    {
        Wiped = true;
        return default;
    }
}

public sealed class Vault : IVault
{
    public Account Account { get; } = new();

    public ValueTask<IUserFacet> GetUserAsync() => new(Account);

    public async ValueTask<bool> WipeWithAsync(IAdminFacet admin)
    {
        await admin.WipeAsync();
        return true;
    }
}
