namespace Romp.Hosting;

/// <summary>One name the hosted server binds when it starts, with what resolves its object from the host's services.</summary>
internal sealed class RompServerBinding
{
    private readonly Action<IServiceProvider, RompServer> _bind;

    public RompServerBinding(string name, Action<IServiceProvider, RompServer> bind)
    {
        Name = name;
        _bind = bind;
    }

    public string Name { get; }

    /// <summary>Resolves the object and binds it; throws what the factory or <see cref="RompServer.Bind{T}(string, T)"/> throws.</summary>
    public void Apply(IServiceProvider services, RompServer server) => _bind(services, server);
}
