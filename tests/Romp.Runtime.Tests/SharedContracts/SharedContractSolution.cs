using System.Security;

namespace Romp.Tests.SharedContracts;

/// <summary>
/// The layout most teams use, written as real projects: a contracts library (records, a [RompUnion], [RompObject]
/// interfaces with references, a callback, a block and a stream), a server and a client that both reference it, and
/// no InternalsVisibleTo anywhere. The server and the client also compile one more [RompObject] interface of their own
/// (a linked file, as teams share one), whose generated code in each uses the contracts assembly's formatters. Each
/// project references this build's Romp.Runtime and generator directly (offline, no package), with warnings as errors.
/// </summary>
internal static class SharedContractSolution
{
    /// <summary>The solution file to build.</summary>
    public const string SolutionFile = "Chat.slnx";

    /// <summary>The server's and the client's assemblies, relative to the solution folder, once built.</summary>
    public static readonly string ServerAssembly = Path.Combine("Chat.Server", "bin", "Debug", "net10.0", "Chat.Server.dll");

    public static readonly string ClientAssembly = Path.Combine("Chat.Client", "bin", "Debug", "net10.0", "Chat.Client.dll");

    /// <summary>Writes the solution into <paramref name="directory"/>, referencing Romp from <paramref name="runtimeDirectory"/> and the generator at <paramref name="generator"/>.</summary>
    public static void Write(string directory, string runtimeDirectory, string generator)
    {
        string references = $"""
              <ItemGroup>
                <Reference Include="{Escape(Path.Combine(runtimeDirectory, "Romp.Runtime.dll"))}" />
                <Reference Include="{Escape(Path.Combine(runtimeDirectory, "Microsoft.Extensions.Logging.Abstractions.dll"))}" />
                <Analyzer Include="{Escape(generator)}" />
              </ItemGroup>
            """;
        WriteProject(directory, "Chat.Contracts", "Library", references, "", ("Contracts.cs", Contracts));
        string onContracts = """
              <ItemGroup>
                <ProjectReference Include="../Chat.Contracts/Chat.Contracts.csproj" />
                <Compile Include="../Shared/IAudit.cs" Link="IAudit.cs" />
              </ItemGroup>
            """;
        WriteProject(directory, "Chat.Server", "Exe", references, onContracts, ("Program.cs", Server));
        WriteProject(directory, "Chat.Client", "Exe", references, onContracts, ("Program.cs", Client));
        Directory.CreateDirectory(Path.Combine(directory, "Shared"));
        File.WriteAllText(Path.Combine(directory, "Shared", "IAudit.cs"), Audit);
        File.WriteAllText(Path.Combine(directory, SolutionFile), """
            <Solution>
              <Project Path="Chat.Contracts/Chat.Contracts.csproj" />
              <Project Path="Chat.Server/Chat.Server.csproj" />
              <Project Path="Chat.Client/Chat.Client.csproj" />
            </Solution>
            """);
        // No package is needed, so no source either: a restore must not reach for the network.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>What the client prints when every value came through; the test compares line by line.</summary>
    public static readonly string[] ExpectedClientLines =
    [
        "room: lobby (joined by Ada#7)",
        "posted: Ada#42 text:hello",
        "heard: Ada#42 text:hello",
        "posted: Ada#42 image:cat:0102FF",
        "history: Ada#42 text:hello",
        "history: Ada#42 image:cat:0102FF",
        "images: 1",
        "audit: Ada#42 image:cat:0102FF at 2026-01-02T03:04:05.0000000+01:00",
        "refused: Sticker is not a declared [RompUnion] case of Body; add [RompUnion(2, typeof(Sticker))] to Body.",
    ];

    private static void WriteProject(string directory, string name, string outputType, string references, string extra, params (string File, string Text)[] sources)
    {
        string folder = Path.Combine(directory, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <InvariantGlobalization>true</InvariantGlobalization>
                <UseAppHost>false</UseAppHost>
              </PropertyGroup>
            {references}{extra}</Project>
            """);
        foreach ((string file, string text) in sources)
            File.WriteAllText(Path.Combine(folder, file), text);
    }

    private static string Escape(string path) => SecurityElement.Escape(path);

    private const string Contracts = """
        using Romp;

        namespace Chat.Contracts;

        [RompSerializable]
        public sealed record Author(string Name, int Id);

        [RompSerializable]
        [RompUnion(0, typeof(TextBody))]
        [RompUnion(1, typeof(ImageBody))]
        public abstract record Body;

        [RompSerializable]
        public sealed record TextBody(string Text) : Body;

        [RompSerializable]
        public sealed record ImageBody(string Caption, byte[] Pixels) : Body;

        [RompSerializable]
        public sealed record ChatMessage(Author From, Body Body, DateTimeOffset Sent);

        [RompObject]
        public interface IChatListener
        {
            ValueTask OnMessageAsync(ChatMessage message);
        }

        [RompObject]
        public interface IRoom
        {
            ValueTask<string> DescribeAsync();
            ValueTask<ChatMessage> PostAsync(ChatMessage message);
            IAsyncEnumerable<ChatMessage> HistoryAsync(int count, CancellationToken cancellationToken = default);
            ValueTask SubscribeAsync(IChatListener listener);
            ValueTask<int> CountAsync(Func<ChatMessage, bool> filter);
        }

        [RompObject]
        public interface IChatService
        {
            ValueTask<IRoom> JoinAsync(string room, Author who);
        }
        """;

    private const string Audit = """
        using Chat.Contracts;
        using Romp;

        namespace Chat.Audit;

        /// <summary>Declared in the server and the client, not in the contracts: their own generators write its code.</summary>
        [RompObject]
        public interface IAudit
        {
            ValueTask<AuditEntry?> LastAsync();
        }

        [RompSerializable]
        public sealed record AuditEntry(ChatMessage Message, List<Body> Bodies);
        """;

    private const string Server = """
        using System.Runtime.CompilerServices;
        using Chat.Audit;
        using Chat.Contracts;
        using Romp;

        await using var server = new RompServer("tcp://127.0.0.1:0");
        var room = new Room();
        server.Bind<IChatService>("chat", new ChatService(room));
        server.Bind<IAudit>("audit", new Audit(room));
        await server.StartAsync();
        Console.WriteLine(server.Endpoint);
        // Serves until the test closes standard input.
        await Console.In.ReadToEndAsync();

        sealed class ChatService(Room room) : IChatService
        {
            public ValueTask<IRoom> JoinAsync(string name, Author who)
            {
                room.Describe = $"{name} (joined by {who.Name}#{who.Id})";
                return new(room);
            }
        }

        sealed class Room : IRoom
        {
            private readonly List<ChatMessage> _messages = [];
            private readonly List<IChatListener> _listeners = [];

            public string Describe { get; set; } = "";

            public ChatMessage? Last { get { lock (_messages) return _messages.Count == 0 ? null : _messages[^1]; } }

            public List<Body> Bodies { get { lock (_messages) return _messages.Select(static m => m.Body).ToList(); } }

            public ValueTask<string> DescribeAsync() => new(Describe);

            public async ValueTask<ChatMessage> PostAsync(ChatMessage message)
            {
                ChatMessage stored = message with { From = message.From with { Id = 42 } };
                IChatListener[] listeners;
                lock (_messages)
                {
                    _messages.Add(stored);
                    listeners = [.. _listeners];
                }

                foreach (IChatListener listener in listeners)
                    await listener.OnMessageAsync(stored);
                return stored;
            }

            public async IAsyncEnumerable<ChatMessage> HistoryAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                ChatMessage[] messages;
                lock (_messages)
                    messages = [.. _messages.Take(count)];
                foreach (ChatMessage message in messages)
                {
                    await Task.Yield();
                    yield return message;
                }
            }

            public ValueTask SubscribeAsync(IChatListener listener)
            {
                lock (_messages)
                    _listeners.Add(listener);
                return default;
            }

            public ValueTask<int> CountAsync(Func<ChatMessage, bool> filter)
            {
                ChatMessage[] messages;
                lock (_messages)
                    messages = [.. _messages];
                return new(messages.Count(filter));
            }
        }

        sealed class Audit(Room room) : IAudit
        {
            public ValueTask<AuditEntry?> LastAsync() =>
                new(room.Last is { } last ? new AuditEntry(last, room.Bodies) : null);
        }
        """;

    private const string Client = """
        using System.Globalization;
        using System.Threading.Channels;
        using Chat.Audit;
        using Chat.Contracts;
        using Romp;

        await using RompClient client = await RompClient.ConnectAsync(args[0]);
        IChatService chat = await client.ResolveAsync<IChatService>("chat");
        IRoom room = await chat.JoinAsync("lobby", new Author("Ada", 7));
        Console.WriteLine("room: " + await room.DescribeAsync());

        var listener = new Listener();
        await room.SubscribeAsync(listener);
        var sent = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1));
        Console.WriteLine("posted: " + Show(await room.PostAsync(new ChatMessage(new Author("Ada", 7), new TextBody("hello"), sent))));
        Console.WriteLine("heard: " + Show(await listener.Heard.Reader.ReadAsync()));
        Console.WriteLine("posted: " + Show(await room.PostAsync(new ChatMessage(new Author("Ada", 7), new ImageBody("cat", [1, 2, 255]), sent))));
        await listener.Heard.Reader.ReadAsync();
        await foreach (ChatMessage message in room.HistoryAsync(2))
            Console.WriteLine("history: " + Show(message));
        Console.WriteLine("images: " + await room.CountAsync(static m => m.Body is ImageBody));

        IAudit audit = await client.ResolveAsync<IAudit>("audit");
        AuditEntry entry = (await audit.LastAsync())!;
        if (entry.Bodies.Count != 2 || entry.Bodies[0] is not TextBody || entry.Bodies[1] is not ImageBody)
            throw new InvalidOperationException("the audit's bodies did not come through as their own types");
        Console.WriteLine("audit: " + Show(entry.Message) + " at " + entry.Message.Sent.ToString("O", CultureInfo.InvariantCulture));

        try
        {
            await room.PostAsync(new ChatMessage(new Author("Ada", 7), new Sticker(), sent));
            Console.WriteLine("refused: no");
        }
        catch (RompException error) when (error.Error == RompError.UnsupportedType)
        {
            Console.WriteLine("refused: " + error.Message);
        }

        static string Show(ChatMessage message) => $"{message.From.Name}#{message.From.Id} " + message.Body switch
        {
            TextBody text => "text:" + text.Text,
            ImageBody image => $"image:{image.Caption}:{Convert.ToHexString(image.Pixels)}",
            _ => "?",
        };

        sealed class Listener : IChatListener
        {
            public Channel<ChatMessage> Heard { get; } = Channel.CreateUnbounded<ChatMessage>();

            public ValueTask OnMessageAsync(ChatMessage message) => Heard.Writer.WriteAsync(message);
        }

        // A body the contracts do not declare: the client must refuse to send it.
        sealed record Sticker : Body;
        """;
}
