namespace Romp.Hosting;

/// <summary>The name of a hosted client, so that the host connects it when it starts.</summary>
internal sealed class RompClientRegistration
{
    public RompClientRegistration(string name) => Name = name;

    public string Name { get; }
}
