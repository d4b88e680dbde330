using System.Buffers;
using Romp.CompilerServices;
using Romp.Tests.Support;

namespace Romp.Tests.Serialization;

/// <summary>
/// The [RompSerializable] member encoding of docs/protocol.md §5, byte for byte: the examples the spec gives, and how a
/// reader finds members by id, skips unknown ones by their framing, and refuses members of another kind. Every read runs
/// on one segment and on the bytes split at every byte.
/// </summary>
[TestFixture]
public sealed class MemberEncodingTests
{
    // docs/protocol.md §5's first example.
    private static readonly byte[] s_point =
    [
        0x0E, 0, 0, 0,
        0x3F, 0xA4, 0x0B, 1, 0, 0, 0,
        0x8C, 0xA4, 0x0B, 2, 0, 0, 0,
    ];

    // docs/protocol.md §5's second example.
    private static readonly byte[] s_note =
    [
        0x1B, 0, 0, 0,
        0x01, 0x00, 0x0F, 2, 0, 0, 0, (byte)'h', (byte)'i',
        0xBB, 0xCD, 0x2F, 8, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0,
        0x16, 0x8B, 0x08,
    ];

    [Test]
    public void Write_Point_IsTheSpecExample() =>
        Assert.That(RompSerializer.Serialize(new SpecPoint(1, 2), SpecPointFormatter.Instance), Is.EqualTo(s_point));

    [Test]
    public void Write_NoteWithStringListAndNullNullable_IsTheSpecExample() =>
        Assert.That(RompSerializer.Serialize(new SpecNote("hi", [7], null), SpecNoteFormatter.Instance), Is.EqualTo(s_note));

    [Test]
    public void Read_SpecExamples_OnOneSegmentAndSplitAtEveryByte_ReadTheValues()
    {
        foreach (ReadOnlySequence<byte> bytes in Shapes(s_point))
            Assert.That(RompSerializer.Deserialize(bytes, SpecPointFormatter.Instance), Is.EqualTo(new SpecPoint(1, 2)));
        foreach (ReadOnlySequence<byte> bytes in Shapes(s_note))
        {
            SpecNote? note = RompSerializer.Deserialize(bytes, SpecNoteFormatter.Instance);
            Assert.That((note!.Title, note.Tags, note.Stars), Is.EqualTo(("hi", new List<int> { 7 }, (int?)null)));
        }
    }

    [Test]
    public void Read_MembersReversedWithUnknownOnesOfEveryFraming_TakesKnownOnesAndSkipsTheRest()
    {
        byte[] members =
        [
            0x8C, 0xA4, 0x0B, 2, 0, 0, 0,                    // Y = 2, before X
            0x01, 0x00, 0x08,                                // unknown id 1, framing 0
            0x02, 0x00, 0x09, 1,                             // framing 1
            0x03, 0x00, 0x12, 1, 2,                          // framing 2
            0x04, 0x00, 0x5B, 1, 2, 3, 4,                    // framing 3, a kind no version defines yet
            0x05, 0x00, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8,        // framing 4
            0x06, 0x00, 0x0D, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, // framing 5
            0x07, 0x00, 0x26, .. new byte[16],               // framing 6
            0x08, 0x00, 0x2F, 2, 0, 0, 0, 9, 9,              // framing 7, two bytes
            0x09, 0x00, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF,        // framing 7, null
            0x3F, 0xA4, 0x0B, 1, 0, 0, 0,                    // X = 1, last
        ];
        byte[] bytes = [.. BitConverter.GetBytes(members.Length), .. members];

        foreach (ReadOnlySequence<byte> shape in Shapes(bytes))
            Assert.That(RompSerializer.Deserialize(shape, SpecPointFormatter.Instance), Is.EqualTo(new SpecPoint(1, 2)));
    }

    [Test]
    public void Read_MemberSentTwice_TheLastCounts() =>
        Assert.That(RompSerializer.Deserialize(Record([0x3F, 0xA4, 0x0B, 1, 0, 0, 0, 0x3F, 0xA4, 0x0B, 5, 0, 0, 0]), SpecPointFormatter.Instance),
            Is.EqualTo(new SpecPoint(5, 0)));

    [Test]
    public void Read_MemberOfAnotherKind_ThrowsInvalidMessageNamingTypeAndMember()
    {
        // X as a long: a peer whose X is declared long.
        byte[] bytes = Record([0x3F, 0xA4, 0x0C, 1, 0, 0, 0, 0, 0, 0, 0]);

        foreach (ReadOnlySequence<byte> shape in Shapes(bytes))
        {
            RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(shape, SpecPointFormatter.Instance));
            Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
            Assert.That(error.Message, Is.EqualTo("Romp.Tests.Serialization.SpecPoint member 'X' (id 0xA43F): it was sent as a long (wire kind 0x0C), " +
                "but this side declares an int (wire kind 0x0B): the two versions of the type disagree about the member's type."));
        }
    }

    [Test]
    public void Read_NullIntoNonNullableMember_ThrowsInvalidMessage()
    {
        RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(Record([0x3F, 0xA4, 0x08]), SpecPointFormatter.Instance));

        Assert.That(error!.Message, Does.Contain("member 'X'").And.Contain("sent as null (wire kind 0x08)"));
    }

    [Test]
    public void Read_DelimitedValueShorterThanItsLength_ThrowsInvalidMessage()
    {
        // Tags: a length of 9 around an 8-byte list.
        byte[] bytes = Record([0xBB, 0xCD, 0x2F, 9, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0]);

        RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(bytes, SpecNoteFormatter.Instance));

        Assert.That(error!.Message, Is.EqualTo("Romp.Tests.Serialization.SpecNote member 'Tags' (id 0xCDBB): The value takes 8 bytes, but its length says 9."));
    }

    [Test]
    public void Read_MemberRunningPastTheLength_ThrowsInvalidMessage()
    {
        // The length ends one byte into Y's value; the bytes after it belong to whatever follows the record.
        byte[] bytes = [.. s_point, 0];
        bytes[0] = 0x0B;

        RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(bytes, SpecPointFormatter.Instance));

        Assert.That(error!.Message, Does.Contain("runs 3 bytes past the length of the value"));
    }

    [Test]
    public void Read_UnknownMemberWithNegativeLength_ThrowsInvalidMessage()
    {
        RompException? error = Assert.Throws<RompException>(() =>
            RompSerializer.Deserialize(Record([0x01, 0x00, 0x2F, 0xFE, 0xFF, 0xFF, 0xFF]), SpecPointFormatter.Instance));

        Assert.That(error!.Message, Does.StartWith("Romp.Tests.Serialization.SpecPoint member id 1 (unknown here): A length of -2"));
    }

    [Test]
    public void Read_TruncatedAnywhere_ThrowsInvalidMessage()
    {
        for (int length = 0; length < s_note.Length; length++)
        {
            RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(s_note.AsMemory(0, length), SpecNoteFormatter.Instance));
            Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage), $"cut at {length}");
        }
    }

    [Test]
    public void Read_RequiredMemberMissing_ThrowsInvalidMessage()
    {
        RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(Record([]), SpecTicketFormatter.Instance));

        Assert.That(error!.Message, Is.EqualTo("Romp.Tests.Serialization.SpecTicket member 'Holder' (id 0x" + HolderId() +
            ") is required, but the peer did not send it: its version of Romp.Tests.Serialization.SpecTicket has no such member."));
    }

    [Test]
    public void Read_OptionalMembersMissing_KeepTheTypesOwnValues()
    {
        SpecTicket? ticket = RompSerializer.Deserialize(RompSerializer.Serialize(new SpecHolderOnly { Holder = "ada" }, SpecHolderOnlyFormatter.Instance), SpecTicketFormatter.Instance);

        Assert.That((ticket!.Holder, ticket.Seats, ticket.Zone), Is.EqualTo(("ada", 2, "stalls")));
    }

    private static string HolderId()
    {
        // The id is derived from the name by the spec's rule; computed here independently of the generator.
        uint hash = 2166136261;
        foreach (byte b in "Holder"u8)
            hash = unchecked((hash ^ b) * 16777619);
        return (0x8000 | ((hash ^ (hash >> 15)) & 0x7FFF)).ToString("X4");
    }

    private static byte[] Record(byte[] members) => [.. BitConverter.GetBytes(members.Length), .. members];

    private static IEnumerable<ReadOnlySequence<byte>> Shapes(byte[] bytes) => [new ReadOnlySequence<byte>(bytes), Segments.Split(bytes)];
}

[RompSerializable]
public sealed record SpecPoint(int X, int Y);

[RompSerializable]
public sealed record SpecNote([property: RompId(1)] string Title, List<int> Tags, int? Stars);

/// <summary>A type with a required member, a settable one and an init-only one that have values of their own.</summary>
[RompSerializable]
public sealed class SpecTicket
{
    public required string Holder { get; init; }

    public int Seats { get; set; } = 2;

    public string Zone { get; init; } = "stalls";
}

/// <summary>An older <see cref="SpecTicket"/>: only its holder.</summary>
[RompSerializable]
public sealed class SpecHolderOnly
{
    public string Holder { get; set; } = "";
}
