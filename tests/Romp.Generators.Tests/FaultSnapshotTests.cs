using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>What the generator writes for declared faults: the fault table, the contract's registration of it, and an exception's formatter.</summary>
[TestFixture]
public sealed class FaultSnapshotTests
{
    [Test]
    public void RompObject_DeclaredFaults_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run(TestSource.Usings + """
            [RompSerializable]
            public sealed class RoomNotFoundException : Exception
            {
                public RoomNotFoundException(string room, string message) : base(message) => Room = room;
                public string Room { get; }
                public string? HelpTopic { get; set; }
            }

            [RompSerializable]
            public sealed class ChatClosedException(string reason) : Exception("The chat is closed: " + reason)
            {
                public string Reason { get; } = reason;
            }

            [RompObject]
            [RompFault(typeof(ChatClosedException))]
            public interface IChat
            {
                [RompFault(typeof(RoomNotFoundException), Name = "chat.room-not-found")]
                Task JoinAsync(string room);

                Task LeaveAsync(string room);

                [RompFault(typeof(RoomNotFoundException), Name = "chat.room-not-found")]
                IAsyncEnumerable<string> MessagesAsync(string room);

                [Oneway]
                void Ping();
            }
            """);

        Snapshot.Match(output.Sources);
    }
}
