using System.Reflection;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>
/// Two versions of one contract's [RompSerializable] type, each compiled with the generator, loaded side by side into
/// their own load contexts and talking over a real loopback socket, in both directions: an old client against a new
/// server and a new client against an old one. Each side reads a value the other version wrote, once as a call's
/// argument (on the server) and once as its result (on the client). The interface is the same in both versions, so its
/// contract id is too: only the type's members change.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(60_000)]
public sealed class CrossVersionTests
{
    // The contract and the peers' entry points, the same in every version; each version adds Message and Probe.
    private const string Contract = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Romp;

        namespace Chat;

        [RompObject]
        public interface IChat
        {
            Task<string> ShowAsync(Message message);
            Task<Message> LatestAsync();
            Task<string> PingAsync();
        }

        public sealed class ChatService : IChat
        {
            public Task<string> ShowAsync(Message message) => Task.FromResult(Probe.Show(message));
            public Task<Message> LatestAsync() => Task.FromResult(Probe.Sample());
            public Task<string> PingAsync() => Task.FromResult("pong");
        }

        public static class Peer
        {
            public static void Serve(RompServer server) => server.Bind<IChat>("chat", new ChatService());

            // What the server made of this version's sample.
            public static async Task<string> SendAsync(RompClient client) => await (await client.ResolveAsync<IChat>("chat")).ShowAsync(Probe.Sample());

            // What this version makes of the server's sample.
            public static async Task<string> ReceiveAsync(RompClient client) => Probe.Show(await (await client.ResolveAsync<IChat>("chat")).LatestAsync());

            public static async Task<string> PingAsync(RompClient client) => await (await client.ResolveAsync<IChat>("chat")).PingAsync();
        }
        """;

    private readonly VersionContexts _versions = new();

    public enum Direction
    {
        OldClientNewServer,
        NewClientOldServer,
    }

    [TearDown]
    public void Unload() => _versions.Dispose();

    [TestCase(Direction.OldClientNewServer)]
    [TestCase(Direction.NewClientOldServer)]
    public async Task MemberAddedInTheMiddle_EachSideReadsWhatItKnows_NewMembersKeepTheirInitialValues(Direction direction, CancellationToken cancellationToken)
    {
        const string v1 = """
            namespace Chat;

            [Romp.RompSerializable]
            public sealed class Message
            {
                public string Title { get; set; } = "";
                public string Body { get; set; } = "";
            }

            public static class Probe
            {
                public static Message Sample() => new() { Title = "hello", Body = "world" };
                public static string Show(Message m) => $"{m.Title}|{m.Body}";
            }
            """;
        const string v2 = """
            using System.Collections.Generic;

            namespace Chat;

            [Romp.RompSerializable]
            public sealed class Message
            {
                public string Title { get; set; } = "";
                public List<string> Tags { get; set; } = new() { "untagged" };
                public int Priority { get; init; } = 3;
                public string Body { get; set; } = "";
            }

            public static class Probe
            {
                public static Message Sample() => new() { Title = "hi", Tags = new() { "a", "b" }, Priority = 1, Body = "there" };
                public static string Show(Message m) => $"{m.Title}|{string.Join(",", m.Tags)}|{m.Priority}|{m.Body}";
            }
            """;

        await AssertBothReadAsync(nameof(MemberAddedInTheMiddle_EachSideReadsWhatItKnows_NewMembersKeepTheirInitialValues), v1, v2, direction,
            newReadsOld: "hello|untagged|3|world", oldReadsNew: "hi|there", cancellationToken);
    }

    [TestCase(Direction.OldClientNewServer)]
    [TestCase(Direction.NewClientOldServer)]
    public async Task MembersReordered_EachSideReadsEveryMember(Direction direction, CancellationToken cancellationToken)
    {
        const string v1 = """
            namespace Chat;

            [Romp.RompSerializable]
            public sealed record Message(string Title, string Body, int Priority);

            public static class Probe
            {
                public static Message Sample() => new("t1", "b1", 1);
                public static string Show(Message m) => $"{m.Title}|{m.Body}|{m.Priority}";
            }
            """;
        const string v2 = """
            namespace Chat;

            [Romp.RompSerializable]
            public sealed record Message(int Priority, string Body, string Title);

            public static class Probe
            {
                public static Message Sample() => new(2, "b2", "t2");
                public static string Show(Message m) => $"{m.Title}|{m.Body}|{m.Priority}";
            }
            """;

        await AssertBothReadAsync(nameof(MembersReordered_EachSideReadsEveryMember), v1, v2, direction,
            newReadsOld: "t1|b1|1", oldReadsNew: "t2|b2|2", cancellationToken);
    }

    [TestCase(Direction.OldClientNewServer)]
    [TestCase(Direction.NewClientOldServer)]
    public async Task MemberRemoved_NewSideSkipsIt_OldSideGetsItsDefault(Direction direction, CancellationToken cancellationToken)
    {
        const string v1 = """
            namespace Chat;

            [Romp.RompSerializable]
            public sealed record Message(string Title, string? Body, int Priority = 5);

            public static class Probe
            {
                public static Message Sample() => new("t1", "b1", 1);
                public static string Show(Message m) => $"{m.Title}|{m.Body ?? "null"}|{m.Priority}";
            }
            """;
        const string v2 = """
            namespace Chat;

            [Romp.RompReserved("Body", "Priority")]
            [Romp.RompSerializable]
            public sealed record Message(string Title);

            public static class Probe
            {
                public static Message Sample() => new("t2");
                public static string Show(Message m) => m.Title;
            }
            """;

        await AssertBothReadAsync(nameof(MemberRemoved_NewSideSkipsIt_OldSideGetsItsDefault), v1, v2, direction,
            newReadsOld: "t1", oldReadsNew: "t2|null|5", cancellationToken);
    }

    [TestCase(Direction.OldClientNewServer)]
    [TestCase(Direction.NewClientOldServer)]
    public async Task MembersRenamedKeepingTheirRompIds_EachSideReadsThemUnderItsNames(Direction direction, CancellationToken cancellationToken)
    {
        const string v1 = """
            using Romp;

            namespace Chat;

            [RompSerializable]
            public sealed record Message([property: RompId(1)] string Title, [RompId(2)] string Body);

            public static class Probe
            {
                public static Message Sample() => new("t1", "b1");
                public static string Show(Message m) => $"{m.Title}|{m.Body}";
            }
            """;
        const string v2 = """
            using Romp;

            namespace Chat;

            [RompSerializable]
            public sealed record Message([RompId(1)] string Subject, [RompId(2)] string Text);

            public static class Probe
            {
                public static Message Sample() => new("t2", "b2");
                public static string Show(Message m) => $"{m.Subject}|{m.Text}";
            }
            """;

        await AssertBothReadAsync(nameof(MembersRenamedKeepingTheirRompIds_EachSideReadsThemUnderItsNames), v1, v2, direction,
            newReadsOld: "t1|b1", oldReadsNew: "t2|b2", cancellationToken);
    }

    [TestCase(Direction.OldClientNewServer)]
    [TestCase(Direction.NewClientOldServer)]
    public async Task MemberMadeNullable_ValuesStillTravelBothWays(Direction direction, CancellationToken cancellationToken)
    {
        const string v1 = """
            namespace Chat;

            [Romp.RompSerializable]
            public sealed record Message(string Title, int Priority);

            public static class Probe
            {
                public static Message Sample() => new("t1", 1);
                public static string Show(Message m) => $"{m.Title}|{m.Priority}";
            }
            """;
        const string v2 = """
            namespace Chat;

            [Romp.RompSerializable]
            public sealed record Message(string Title, int? Priority);

            public static class Probe
            {
                public static Message Sample() => new("t2", 2);
                public static string Show(Message m) => $"{m.Title}|{m.Priority?.ToString() ?? "null"}";
            }
            """;

        await AssertBothReadAsync(nameof(MemberMadeNullable_ValuesStillTravelBothWays), v1, v2, direction,
            newReadsOld: "t1|1", oldReadsNew: "t2|2", cancellationToken);
    }

    [TestCase(Direction.OldClientNewServer)]
    [TestCase(Direction.NewClientOldServer)]
    public async Task MemberTypeChanged_CallsFailNamingTheMember_ConnectionServesTheNextCall(Direction direction, CancellationToken cancellationToken)
    {
        const string v1 = """
            namespace Chat;

            [Romp.RompSerializable]
            public sealed record Message(string Title, int Priority);

            public static class Probe
            {
                public static Message Sample() => new("t1", 1);
                public static string Show(Message m) => $"{m.Title}|{m.Priority}";
            }
            """;
        const string v2 = """
            namespace Chat;

            [Romp.RompSerializable]
            public sealed record Message(string Title, string Priority);

            public static class Probe
            {
                public static Message Sample() => new("t2", "high");
                public static string Show(Message m) => $"{m.Title}|{m.Priority}";
            }
            """;
        await using Session session = await StartAsync(nameof(MemberTypeChanged_CallsFailNamingTheMember_ConnectionServesTheNextCall), v1, v2, direction, cancellationToken);

        // Sent: the server cannot read the argument. Received: the client cannot read the result.
        RompException? sent = Assert.ThrowsAsync<RompException>(async () => await session.CallAsync("SendAsync", cancellationToken));
        RompException? received = Assert.ThrowsAsync<RompException>(async () => await session.CallAsync("ReceiveAsync", cancellationToken));
        string pong = await session.CallAsync("PingAsync", cancellationToken);

        Assert.That((sent!.Error, received!.Error), Is.EqualTo((RompError.InvalidMessage, RompError.InvalidMessage)));
        Assert.That(sent.Message, Does.StartWith("The arguments of Chat.IChat/ShowAsync could not be read: Chat.Message member 'Priority' (id 0x"));
        Assert.That(received.Message, Does.StartWith("The result of Chat.IChat/LatestAsync (call ").And.Contain("Chat.Message member 'Priority' (id 0x"));
        Assert.That(new[] { sent.Message, received.Message }, Has.All.Contain("the two versions of the type disagree about the member's type"));
        Assert.That((pong, session.Client.IsConnected), Is.EqualTo(("pong", true)));
    }

    // newReadsOld: what the new version makes of the old one's sample; oldReadsNew: the other way round. Each is read once
    // by a server (an argument) and once by a client (a result), whichever the direction.
    private async Task AssertBothReadAsync(string scenario, string v1, string v2, Direction direction, string newReadsOld, string oldReadsNew,
        CancellationToken cancellationToken)
    {
        await using Session session = await StartAsync(scenario, v1, v2, direction, cancellationToken);

        string serverRead = await session.CallAsync("SendAsync", cancellationToken);
        string clientRead = await session.CallAsync("ReceiveAsync", cancellationToken);

        (string ServerRead, string ClientRead) expected = direction == Direction.OldClientNewServer ? (newReadsOld, oldReadsNew) : (oldReadsNew, newReadsOld);
        Assert.That((serverRead, clientRead), Is.EqualTo(expected));
    }

    private async Task<Session> StartAsync(string scenario, string v1, string v2, Direction direction, CancellationToken cancellationToken)
    {
        Assembly old = Load(scenario, "V1", v1);
        Assembly @new = Load(scenario, "V2", v2);
        (Assembly server, Assembly client) = direction == Direction.OldClientNewServer ? (@new, old) : (old, @new);
        var host = new RompServer("tcp://127.0.0.1:0");
        Peer(server).GetMethod("Serve")!.Invoke(null, [host]);
        await host.StartAsync(cancellationToken);
        RompClient connection = await RompClient.ConnectAsync(host.Endpoint, cancellationToken: cancellationToken);
        return new Session(host, connection, Peer(client));
    }

    private Assembly Load(string scenario, string version, string source) =>
        _versions.Load(scenario + "." + version, "Chat." + version, Contract, source);

    private static Type Peer(Assembly assembly) => assembly.GetType("Chat.Peer", throwOnError: true)!;

    private sealed class Session(RompServer server, RompClient client, Type peer) : IAsyncDisposable
    {
        public RompClient Client => client;

        public Task<string> CallAsync(string method, CancellationToken cancellationToken) =>
            ((Task<string>)peer.GetMethod(method)!.Invoke(null, [client])!).WaitAsync(cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await client.DisposeAsync();
            await server.DisposeAsync();
        }
    }
}
