using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Romp.Hosting;

/// <summary>
/// Binds the objects of the host's <see cref="RompServer"/> (what <c>AddRompServer</c> returns): each is resolved from
/// the host's services when the host starts, and bound under its name.
/// </summary>
/// <remarks>
/// <para>
/// <b>Lifetime.</b> A bound object is resolved once, from the root provider, when the host starts, and serves every
/// call of every client until the host stops: it is a singleton, whatever its registration says. Romp dispatches a
/// call straight to the bound object, so there is no per-call instance to make. Code that needs scoped services
/// (a DbContext, say) takes an <see cref="IServiceScopeFactory"/> in its constructor and makes a scope per call.
/// </para>
/// <para>
/// <b>One server per host.</b> Every <c>AddRompServer</c> call configures the same server and adds its bindings; a
/// name bound twice fails the host's start.
/// </para>
/// </remarks>
public sealed class RompServerBuilder
{
    internal RompServerBuilder(IServiceCollection services) => Services = services;

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Binds <typeparamref name="TImplementation"/> as <typeparamref name="TInterface"/> under <paramref name="name"/>.
    /// Unless the host registers <typeparamref name="TImplementation"/> itself, it is added as a singleton, so its
    /// constructor takes any of the host's services and other services can share the instance the clients call.
    /// </summary>
    /// <typeparam name="TInterface">The <see cref="RompObjectAttribute"/> interface clients resolve it as.</typeparam>
    /// <typeparam name="TImplementation">The class that serves the calls.</typeparam>
    public RompServerBuilder Bind<TInterface, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(string name)
        where TInterface : class
        where TImplementation : class, TInterface
    {
        ArgumentNullException.ThrowIfNull(name);
        Services.TryAddSingleton<TImplementation>();
        return Add(name, static (services, server, name) => server.Bind<TInterface>(name, services.GetRequiredService<TImplementation>()));
    }

    /// <summary>
    /// Binds <typeparamref name="TImplementation"/> as <typeparamref name="TInterface"/> under <paramref name="name"/>,
    /// for the clients <paramref name="policy"/> allows (see <see cref="RompServer.Bind{T}(string, T, RompPolicy)"/>).
    /// The policy protects the object under every name it is bound as, and this object is the container's singleton:
    /// to serve the same class openly under one name and protected under another, bind a second instance with a factory.
    /// </summary>
    /// <typeparam name="TInterface">The <see cref="RompObjectAttribute"/> interface clients resolve it as.</typeparam>
    /// <typeparam name="TImplementation">The class that serves the calls; added as a singleton unless the host registers it.</typeparam>
    public RompServerBuilder Bind<TInterface, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(string name, RompPolicy policy)
        where TInterface : class
        where TImplementation : class, TInterface
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(policy);
        Services.TryAddSingleton<TImplementation>();
        return Add(name, (services, server, name) => server.Bind<TInterface>(name, services.GetRequiredService<TImplementation>(), policy));
    }

    /// <summary>Binds the object <paramref name="factory"/> makes, once, when the host starts, as <typeparamref name="TInterface"/> under <paramref name="name"/>.</summary>
    /// <typeparam name="TInterface">The <see cref="RompObjectAttribute"/> interface clients resolve it as.</typeparam>
    public RompServerBuilder Bind<TInterface>(string name, Func<IServiceProvider, TInterface> factory)
        where TInterface : class
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(factory);
        return Add(name, (services, server, name) => server.Bind(name, factory(services)));
    }

    /// <summary>
    /// Binds the object <paramref name="factory"/> makes, once, when the host starts, as <typeparamref name="TInterface"/>
    /// under <paramref name="name"/>, for the clients <paramref name="policy"/> allows.
    /// </summary>
    /// <typeparam name="TInterface">The <see cref="RompObjectAttribute"/> interface clients resolve it as.</typeparam>
    public RompServerBuilder Bind<TInterface>(string name, Func<IServiceProvider, TInterface> factory, RompPolicy policy)
        where TInterface : class
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(policy);
        return Add(name, (services, server, name) => server.Bind(name, factory(services), policy));
    }

    private RompServerBuilder Add(string name, Action<IServiceProvider, RompServer, string> bind)
    {
        Services.AddSingleton(new RompServerBinding(name, (services, server) => bind(services, server, name)));
        return this;
    }
}
