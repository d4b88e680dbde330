using Romp.Tests.Contracts;

namespace Romp.Tests.Support;

/// <summary>
/// A server with a <see cref="Calculator"/> bound as "calc", a <see cref="SerialLog"/> as "log" and a <see cref="Greeter"/>
/// as "greeter", and one connected client, on the transport the fixture was created for.
/// </summary>
public abstract class ServerFixture
{
    protected ServerFixture(string transport) => Transport = transport;

    protected string Transport { get; }

    protected RompServer Server { get; private set; } = null!;

    protected RompClient Client { get; private set; } = null!;

    protected Calculator Calculator { get; private set; } = null!;

    protected SerialLog SerialLog { get; private set; } = null!;

    protected virtual RompServerOptions ServerOptions => new();

    [SetUp]
    public async Task StartServerAsync()
    {
        Calculator = new Calculator();
        SerialLog = new SerialLog();
        Server = new RompServer(Transports.NewEndpoint(Transport), ServerOptions);
        Server.Bind<ICalculator>("calc", Calculator);
        Server.Bind<ISerialLog>("log", SerialLog);
        Server.Bind<IGreeter>("greeter", new Greeter());
        await Server.StartAsync();
        Client = await RompClient.ConnectAsync(Server.Endpoint);
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }

    protected Task<RompClient> ConnectAsync(RompClientOptions? options = null) => RompClient.ConnectAsync(Server.Endpoint, options);
}
