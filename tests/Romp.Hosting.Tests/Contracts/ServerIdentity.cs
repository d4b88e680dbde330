namespace Romp.Hosting.Tests.Contracts;

/// <summary>A service of the server's host that <see cref="Calculator"/> takes in its constructor.</summary>
public sealed class ServerIdentity
{
    public ServerIdentity(string name) => Name = name;

    public string Name { get; }
}
