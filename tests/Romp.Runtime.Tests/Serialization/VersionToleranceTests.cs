using Romp.CompilerServices;

namespace Romp.Tests.Serialization;

/// <summary>
/// Two versions of one type that differ by a member added at the end. The wire form carries no type name, so
/// writing one and reading the other is exactly what an old and a new peer do to each other.
/// </summary>
public sealed class VersionToleranceTests
{
    [Test]
    public void OldWriter_NewReader_NewMemberGetsDefault()
    {
        byte[] bytes = RompSerializer.Serialize(new PersonV1 { Name = "Ada", Age = 36 }, PersonV1Formatter.Instance);

        PersonV2? read = RompSerializer.Deserialize(bytes, PersonV2Formatter.Instance);

        Assert.That(read, Is.Not.Null);
        Assert.That((read!.Name, read.Age, read.Email, read.Tags), Is.EqualTo(("Ada", 36, (string?)null, (List<string>?)null)));
    }

    [Test]
    public void NewWriter_OldReader_SkipsUnknownMembers()
    {
        var person = new PersonV2 { Name = "Grace", Age = 45, Email = "grace@navy.mil", Tags = ["cobol", "compilers"] };
        byte[] bytes = RompSerializer.Serialize(new[] { person, person }, new ArrayFormatter<PersonV2?>(PersonV2Formatter.Instance));

        PersonV1?[]? read = RompSerializer.Deserialize(bytes, new ArrayFormatter<PersonV1?>(PersonV1Formatter.Instance));

        Assert.That(read, Has.Length.EqualTo(2));
        Assert.That(read!.Select(p => (p!.Name, p.Age)), Is.EqualTo(new[] { ("Grace", 45), ("Grace", 45) }));
    }

    [Test]
    public void NullObject_RoundTripsAsNull() =>
        Assert.That(RompSerializer.Deserialize(RompSerializer.Serialize<PersonV1?>(null, PersonV1Formatter.Instance), PersonV1Formatter.Instance), Is.Null);

    [Test]
    public void Struct_RoundTrips()
    {
        var point = new Point3(1.5, -2, 1e10);

        Assert.That(RompSerializer.Deserialize(RompSerializer.Serialize(point, Point3Formatter.Instance), Point3Formatter.Instance), Is.EqualTo(point));
    }
}

[RompSerializable]
public sealed class PersonV1
{
    public string? Name { get; set; }

    public int Age { get; set; }
}

[RompSerializable]
public sealed class PersonV2
{
    public string? Name { get; set; }

    public int Age { get; set; }

    public string? Email { get; set; }

    public List<string>? Tags { get; set; }
}

[RompSerializable]
public readonly record struct Point3(double X, double Y, double Z);
