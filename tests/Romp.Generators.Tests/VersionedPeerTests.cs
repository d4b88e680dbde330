using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>
/// The generator run on two versions of one source file, as two builds of a contracts project would be: each version
/// is compiled with its generated code and loaded into an AssemblyLoadContext of its own (same assembly, same type
/// names), and the two talk over a loopback socket. Version 2 reorders the methods and adds some in the middle.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(60_000)]
public sealed class VersionedPeerTests
{
    private const string Version1 = """
        using System;
        using System.Threading.Tasks;
        using Romp;

        namespace Chat.Contracts;

        [RompObject]
        public interface IChatService
        {
            Task<int> SendAsync(string text, int priority);
            string Topic { get; set; }
            Task<int> CountAsync();
        }

        public sealed class ChatService : IChatService
        {
            private int _sent;
            public string Topic { get; set; } = "general";
            public Task<int> SendAsync(string text, int priority) => Task.FromResult(++_sent * 100 + priority);
            public Task<int> CountAsync() => Task.FromResult(_sent);
        }

        public static class Peer
        {
            public static async Task<RompServer> ServeAsync()
            {
                var server = new RompServer("tcp://127.0.0.1:0");
                server.Bind<IChatService>("chat", new ChatService());
                await server.StartAsync();
                return server;
            }

            public static async Task<string> CallAsync(string endpoint)
            {
                await using RompClient client = await RompClient.ConnectAsync(endpoint);
                IChatService chat = await client.ResolveAsync<IChatService>("chat");
                int sent = await chat.SendAsync("hello", 1);
                chat.Topic = "v1 was here";
                return $"v1: sent {sent}, topic '{chat.Topic}', count {await chat.CountAsync()}";
            }
        }
        """;

    // The same file, later: CountAsync moved up, KickAsync added in the middle, the property moved to the end.
    private const string Version2 = """
        using System;
        using System.Threading.Tasks;
        using Romp;

        namespace Chat.Contracts;

        [RompObject]
        public interface IChatService
        {
            Task<int> CountAsync();
            Task<bool> KickAsync(string user);
            Task<int> SendAsync(string text, int priority);
            string Topic { get; set; }
        }

        public sealed class ChatService : IChatService
        {
            private int _sent;
            public string Topic { get; set; } = "general";
            public Task<int> CountAsync() => Task.FromResult(_sent);
            public Task<bool> KickAsync(string user) => Task.FromResult(true);
            public Task<int> SendAsync(string text, int priority) => Task.FromResult(++_sent * 100 + priority);
        }

        public static class Peer
        {
            public static async Task<RompServer> ServeAsync()
            {
                var server = new RompServer("tcp://127.0.0.1:0");
                server.Bind<IChatService>("chat", new ChatService());
                await server.StartAsync();
                return server;
            }

            public static async Task<string> CallAsync(string endpoint)
            {
                await using RompClient client = await RompClient.ConnectAsync(endpoint);
                IChatService chat = await client.ResolveAsync<IChatService>("chat");
                int sent = await chat.SendAsync("hello", 2);
                string kicked;
                try
                {
                    kicked = (await chat.KickAsync("mallory")).ToString();
                }
                catch (RompException error)
                {
                    kicked = error.Error + ": " + error.Message;
                }

                return $"v2: sent {sent}, kick {kicked}, count {await chat.CountAsync()}";
            }
        }
        """;

    [Test]
    public async Task OldClientOnNewServer_EveryMethodItKnowsWorks()
    {
        using var versions = new Versions();

        await using RompServer server = await versions.ServeAsync(Version2);
        string transcript = await versions.CallAsync(Version1, server.Endpoint);

        Assert.That(transcript, Is.EqualTo("v1: sent 101, topic 'v1 was here', count 1"));
    }

    [Test]
    public async Task NewClientOnOldServer_SharedMethodsWorkAndTheNewOneFailsThatCallOnly()
    {
        using var versions = new Versions();

        await using RompServer server = await versions.ServeAsync(Version1);
        string transcript = await versions.CallAsync(Version2, server.Endpoint);

        Assert.That(transcript, Is.EqualTo(
            "v2: sent 102, kick UnknownMethod: The server's 'Chat.Contracts.IChatService' has no method KickAsync(string): it is older than this client, " +
            "or the method's signature changed., count 1"));
    }

    // Each version in a load context of its own, with the same assembly name: two processes' worth of one contract.
    private sealed class Versions : IDisposable
    {
        private readonly VersionContexts _contexts = new();

        public async Task<RompServer> ServeAsync(string source) =>
            await (Task<RompServer>)Peer(source).GetMethod("ServeAsync")!.Invoke(null, null)!;

        public async Task<string> CallAsync(string source, string endpoint) =>
            await (Task<string>)Peer(source).GetMethod("CallAsync")!.Invoke(null, [endpoint])!;

        public void Dispose() => _contexts.Dispose();

        private Type Peer(string source) =>
            _contexts.Load("chat contracts", assemblyName: null, source).GetType("Chat.Contracts.Peer", throwOnError: true)!;
    }
}
