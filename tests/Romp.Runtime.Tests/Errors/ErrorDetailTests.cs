using System.Buffers;
using Romp.CompilerServices;
using Romp.Errors;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Errors;

/// <summary>
/// The detail of an EXCEPTION payload (docs/protocol.md §3.4) as bytes: written, then read on one segment, split at
/// every byte and truncated; a peer's names and codes build only what the method declares.
/// </summary>
[TestFixture]
public sealed class ErrorDetailTests
{
    private static readonly RompFault[] s_roomFaults =
        [RompFault.Create<RoomNotFoundException>("rooms.not-found", RoomNotFoundExceptionFormatter.Instance)];

    [Test]
    public void Read_RemoteChain_SameOnOneSegmentAndSplitAtEveryByte()
    {
        var thrown = new AggregateException(new IOException("disk full"), new LedgerException("quota", new TimeoutException("slow disk")));
        byte[] bytes = Write(thrown, RompError.Remote, declared: null);

        foreach (ReadOnlySequence<byte> payload in new[] { new ReadOnlySequence<byte>(bytes), Segments.Split(bytes) })
        {
            var error = (RemoteException)Read(payload, declared: null);

            Assert.That(error.InnerExceptions.Select(static e => e.RemoteType), Is.EqualTo(new[] { "System.IO.IOException", typeof(LedgerException).FullName }));
            Assert.That(error.InnerExceptions[1].InnerExceptions.Single().RemoteMessage, Is.EqualTo("slow disk"));
        }
    }

    [Test]
    public void Read_EveryTruncation_IsInvalidMessage()
    {
        byte[] bytes = Write(new RoomNotFoundException("attic", "no attic"), RompError.Remote, s_roomFaults);

        for (int length = 0; length < bytes.Length; length++)
        {
            RompException error = Assert.Throws<RompException>(() => Read(new ReadOnlySequence<byte>(bytes, 0, length), s_roomFaults))!;
            Assert.That(error.Error, Is.EqualTo(RompError.InvalidMessage), $"cut at {length}");
        }
    }

    [Test]
    public void Read_DeclaredFault_IsBuiltOnlyWhenTheMethodDeclaresIt()
    {
        byte[] bytes = Write(new RoomNotFoundException("attic", "no attic"), RompError.Remote, s_roomFaults);

        string type = typeof(RoomNotFoundException).FullName!;
        var declared = (RoomNotFoundException)Read(new ReadOnlySequence<byte>(bytes), s_roomFaults, type: type, message: "no attic");
        var undeclared = (RemoteException)Read(new ReadOnlySequence<byte>(bytes), declared: null, type: type, message: "no attic");

        Assert.That((declared.Room, declared.Message), Is.EqualTo(("attic", "no attic")));
        Assert.That((undeclared.RemoteType, undeclared.Message), Is.EqualTo((typeof(RoomNotFoundException).FullName, "no attic")));
    }

    [Test]
    public void Write_SubclassOfADeclaredFault_IsRemote()
    {
        byte[] bytes = Write(new ArchivedRoomException("attic", "archived"), RompError.Remote, s_roomFaults);

        Assert.That(bytes[0], Is.EqualTo((byte)FaultKind.Remote));
        Assert.That(Read(new ReadOnlySequence<byte>(bytes), s_roomFaults), Is.TypeOf<RemoteException>());
    }

    [TestCase((byte)9, new byte[] { 1, 2, 3 })]                  // a kind of a newer peer, with a body to skip
    [TestCase((byte)FaultKind.Standard, new byte[] { 200, 255, 255, 255, 255, 255, 255, 255, 255 })] // a code of a newer peer
    public void Read_KindOrCodeThisSideDoesNotKnow_IsRemoteException(byte kind, byte[] body)
    {
        byte[] bytes = [kind, .. BitConverter.GetBytes(body.Length), .. body, 0, 0, 0, 0, 0, 0];

        RemoteException error = (RemoteException)Read(new ReadOnlySequence<byte>(bytes), s_roomFaults);

        Assert.That((error.RemoteType, error.Message), Is.EqualTo(("Some.NewerException", "from the future")));
    }

    [Test]
    public void Read_MoreEntriesThanAnySenderWrites_IsInvalidMessage()
    {
        byte[] bytes = [0, 0, 0, 0, 0, .. BitConverter.GetBytes((ushort)(InnerChain.MaxEntriesRead + 1))];

        RompException error = Assert.Throws<RompException>(() => Read(new ReadOnlySequence<byte>(bytes), null))!;

        Assert.That((error.Error, error.Message), Is.EqualTo((RompError.InvalidMessage, "An error carries 65 inner exceptions; at most 64 are accepted.")));
    }

    [Test]
    public void Read_ParentAfterItsChild_IsInvalidMessage()
    {
        // One entry whose parent is entry 1: itself.
        byte[] bytes = [0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0];

        RompException error = Assert.Throws<RompException>(() => Read(new ReadOnlySequence<byte>(bytes), null))!;

        Assert.That(error.Message, Does.Contain("a parent comes before its children"));
    }

    [Test]
    public void Write_RompError_CarriesNoChainAndReadsAsRompException()
    {
        var refused = new RompException(RompError.AccessDenied, "no", new IOException("disk full"));
        byte[] bytes = Write(refused, RompError.AccessDenied, null);

        Exception error = Read(new ReadOnlySequence<byte>(bytes), null, RompError.AccessDenied);

        Assert.That(bytes, Is.EqualTo(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }), "kind remote, empty body, no entries, none left out");
        Assert.That(error, Is.TypeOf<RompException>().With.Property(nameof(RompException.Error)).EqualTo(RompError.AccessDenied));
    }

    private static byte[] Write(Exception error, RompError code, RompFault[]? declared)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RompWriter(output, connection: null);
        ErrorDetail.For(error, code, error.Message, declared, stackTraces: false).Write(ref writer);
        writer.Commit();
        return output.WrittenSpan.ToArray();
    }

    // The four fields before the detail, as the connection has read them.
    private static Exception Read(ReadOnlySequence<byte> payload, RompFault[]? declared, RompError code = RompError.Remote,
        string type = "Some.NewerException", string message = "from the future")
    {
        var reader = new RompReader(payload);
        return ErrorDetail.Read(ref reader, code, type, message, null, declared, connection: null);
    }
}
