using System.Buffers;
using System.Text.Json;
using Romp.CompilerServices;
using Romp.Description;
using Romp.Tests.Contracts;

namespace Romp.Tests.Description;

#pragma warning disable CS8620 // the built-in formatters are declared nullable; the tests compose them as the generated code does, obliviously

/// <summary>
/// The JSON codec against the generated formatters: what it encodes from JSON is byte for byte what the generated code
/// writes for the same value, and what it decodes from those bytes is the JSON again.
/// </summary>
[TestFixture]
public sealed class RompJsonCodecTests
{
    private static readonly RompContractDescription s_contract = RompContracts.Find<IShapeService>()!.Describe();
    private static readonly RompJsonCodec s_codec = new(s_contract);

    [Test]
    public void EncodeDecode_EveryPrimitive_SameBytesAsTheGeneratedFormatters()
    {
        RompMethodDescription numbers = Method("NumbersAsync");
        Assert.Multiple(() =>
        {
            Same(Shape(numbers, "a"), "255", (byte)255, RompFormatters.Byte);
            Same(Shape(numbers, "b"), "-128", (sbyte)-128, RompFormatters.SByte);
            Same(Shape(numbers, "c"), "-32768", short.MinValue, RompFormatters.Int16);
            Same(Shape(numbers, "d"), "65535", ushort.MaxValue, RompFormatters.UInt16);
            Same(Shape(numbers, "e"), "4294967295", uint.MaxValue, RompFormatters.UInt32);
            Same(Shape(numbers, "f"), "-9223372036854775808", long.MinValue, RompFormatters.Int64);
            Same(Shape(numbers, "g"), "18446744073709551615", ulong.MaxValue, RompFormatters.UInt64);
            Same(Shape(numbers, "h"), "1.5", 1.5f, RompFormatters.Single);
            Same(Shape(numbers, "h"), "\"NaN\"", float.NaN, RompFormatters.Single);
            Same(Shape(numbers, "i"), "-0.1", -0.1, RompFormatters.Double);
            Same(Shape(numbers, "i"), "\"-Infinity\"", double.NegativeInfinity, RompFormatters.Double);
            Same(Shape(numbers, "j"), "79228162514264337593543950335", decimal.MaxValue, RompFormatters.Decimal);
            Same(Shape(numbers, "k"), "0.5", (Half)0.5, RompFormatters.Half);
            Same(Shape(numbers, "l"), "-170141183460469231731687303715884105728", Int128.MinValue, RompFormatters.Int128);
            Same(Shape(numbers, "m"), "340282366920938463463374607431768211455", UInt128.MaxValue, RompFormatters.UInt128);
            Same(Shape(numbers, "n"), "\"é\"", 'é', RompFormatters.Char);
            Same(Shape(numbers, "o"), "true", true, RompFormatters.Boolean);
            Same(Shape(numbers, "p"), "\"AQL/\"", new byte[] { 1, 2, 255 }, RompFormatters.ByteArray);
            Same(Shape(numbers, "p"), "null", (byte[]?)null, RompFormatters.ByteArray);
            Same(Shape(Method("EchoAsync"), "text"), "\"héllo ✓\"", "héllo ✓", RompFormatters.String);
            Same(Shape(Method("EchoAsync"), "text"), "null", (string?)null, RompFormatters.String);
        });
    }

    [Test]
    public void EncodeDecode_TimesAndGuid_SameBytesAsTheGeneratedFormatters()
    {
        RompMethodDescription times = Method("TimesAsync");
        Assert.Multiple(() =>
        {
            Same(Shape(times, "a"), "\"2024-05-01T12:00:00.0000000Z\"", new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc), RompFormatters.DateTime);
            Same(Shape(times, "a"), "\"2024-05-01T12:00:00.0000000\"", new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Unspecified), RompFormatters.DateTime);
            Same(Shape(times, "b"), "\"2024-05-01T12:00:00.0000000+02:00\"", new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2)), RompFormatters.DateTimeOffset);
            Same(Shape(times, "c"), "\"1.02:03:04.5000000\"", new TimeSpan(1, 2, 3, 4, 500), RompFormatters.TimeSpan);
            Same(Shape(times, "d"), "\"2024-02-29\"", new DateOnly(2024, 2, 29), RompFormatters.DateOnly);
            Same(Shape(times, "e"), "\"12:34:56.7890000\"", new TimeOnly(12, 34, 56, 789), RompFormatters.TimeOnly);
            Same(Shape(times, "f"), "\"0f8fad5b-d9cb-469f-a165-70867728950e\"", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), RompFormatters.Guid);
        });
    }

    [Test]
    public void EncodeDecode_RecursiveRecordEnumAndNull_SameBytesAsTheGeneratedFormatter()
    {
        var sample = new Sample("root", 1.25, Mood.Angry, [new Sample("leaf", -2, Mood.Calm, null)]);

        Same(Shape(Method("EchoSampleAsync"), "sample"),
            """{"Sensor":"root","Value":1.25,"Mood":"Angry","Children":[{"Sensor":"leaf","Value":-2,"Mood":"Calm","Children":null}]}""",
            sample, SampleFormatter.Instance);
    }

    [Test]
    public void EncodeDecode_CollectionsTuplesAndStructs_SameBytesAsTheGeneratedFormatters()
    {
        Assert.Multiple(() =>
        {
            Same(Shape(Method("GroupAsync"), "values"), "[1,-2,3]", new[] { 1, -2, 3 }, new UnmanagedArrayFormatter<int>(RompFormatters.Int32));
            Same(Shape(Method("GroupAsync"), "names"), "[\"x\",\"y\"]", new HashSet<string> { "x", "y" }, new HashSetFormatter<HashSet<string>, string>(RompFormatters.String));
            Same(Method("GroupAsync").Result, """{"a":[1,2],"b":[]}""", new Dictionary<string, List<int>> { ["a"] = [1, 2], ["b"] = [] },
                new DictionaryFormatter<Dictionary<string, List<int>>, string, List<int>>(RompFormatters.String, new ListFormatter<int>(RompFormatters.Int32)));
            Same(Shape(Method("TupleAsync"), "value"), "[-5,null,\"Calm\"]", (-5L, (bool?)null, Mood.Calm),
                new ValueTupleFormatter<long, bool?, Mood>(RompFormatters.Int64, new NullableFormatter<bool>(RompFormatters.Boolean), EnumFormatter<Mood>.Instance));
            Same(Shape(Method("WindowsAsync"), "windows"), """[{"Start":1,"Length":2}]""", new List<Window> { new(1, 2) }, new ListFormatter<Window>(WindowFormatter.Instance));
            Same(Shape(Method("MoodsAsync"), "byWindow"), """[[{"Start":0,"Length":4},"Angry"]]""", new Dictionary<Window, Mood> { [new Window(0, 4)] = Mood.Angry },
                new DictionaryFormatter<Dictionary<Window, Mood>, Window, Mood>(WindowFormatter.Instance, EnumFormatter<Mood>.Instance));
            Same(Method("MoodsAsync").Result, """{"Calm":{"Start":3,"Length":1},"Angry":null}""", new Dictionary<Mood, Window?> { [Mood.Calm] = new Window(3, 1), [Mood.Angry] = null },
                new DictionaryFormatter<Dictionary<Mood, Window?>, Mood, Window?>(EnumFormatter<Mood>.Instance, new NullableFormatter<Window>(WindowFormatter.Instance)));
        });
    }

    [Test]
    public void EncodeDecode_RecordWithNullableTupleAndDictionaryMembers_SameBytesAsTheGeneratedFormatter()
    {
        RompContractDescription probe = RompContracts.Find<ICodecProbe>()!.Describe();
        var codec = new RompJsonCodec(probe);
        RompTypeShape shape = probe.Methods.Single().Result;
        Assert.Multiple(() =>
        {
            foreach ((string json, CodecRecord value) in new[]
            {
                ("""{"Stars":null,"Pair":[1,"one"],"Counts":{"a":2},"Mood":"Angry","Window":null}""", new CodecRecord(null, (1, "one"), new() { ["a"] = 2 }, Mood.Angry, null)),
                ("""{"Stars":5,"Pair":[-1,null],"Counts":null,"Mood":"Calm","Window":{"Start":2,"Length":3}}""", new CodecRecord(5, (-1, null), null, Mood.Calm, new Window(2, 3))),
            })
            {
                byte[] generated = RompSerializer.Serialize(value, CodecRecordFormatter.Instance);
                Assert.That(codec.Encode(shape, Parse(json)), Is.EqualTo(generated), json);
                Assert.That(codec.Decode(shape, new ReadOnlySequence<byte>(generated)), Is.EqualTo(json));
            }
        });
    }

    [Test]
    public void Decode_RecordWithAMemberTheDescriptionDoesNotKnow_SkipsIt()
    {
        byte[] generated = RompSerializer.Serialize(new Window(1, 2), WindowFormatter.Instance);
        // A newer Window's member, id 1, an int, ahead of the others.
        byte[] newer = [.. BitConverter.GetBytes(generated.Length - 4 + 7), 0x01, 0x00, 0x0B, 9, 0, 0, 0, .. generated.AsSpan(4)];

        Assert.That(s_codec.Decode(Shape(Method("WindowsAsync"), "windows").Arguments[0], new ReadOnlySequence<byte>(newer)), Is.EqualTo("""{"Start":1,"Length":2}"""));
    }

    [Test]
    public void Decode_RecordMemberOfAnotherKind_InvalidMessageNamingTheMember()
    {
        // Window's Start as a string.
        ushort start = s_contract.FindType("Romp.Tests.Contracts.Window")!.Members.Single(static m => m.Name == "Start").Id;
        byte[] bytes = [9, 0, 0, 0, (byte)start, (byte)(start >> 8), 0x0F, 2, 0, 0, 0, (byte)'h', (byte)'i'];

        RompException? error = Assert.Throws<RompException>(() => s_codec.Decode(Shape(Method("WindowsAsync"), "windows").Arguments[0], new ReadOnlySequence<byte>(bytes)));

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
        Assert.That(error.Message, Does.StartWith("Romp.Tests.Contracts.Window member 'Start' (id 0x").And.Contain("sent as a string"));
    }

    [Test]
    public void Encode_EnumAsANumberOrADictionaryAsPairs_AcceptedAndDecodedInTheCanonicalForm()
    {
        RompTypeShape mood = Shape(Method("TupleAsync"), "value").Arguments[2];
        RompTypeShape groups = Method("GroupAsync").Result;

        byte[] unnamed = s_codec.Encode(mood, Parse("7"));
        byte[] named = s_codec.Encode(mood, Parse("-3"));
        byte[] pairs = s_codec.Encode(groups, Parse("""[["a",[1]]]"""));

        Assert.That(RompSerializer.Deserialize(unnamed, EnumFormatter<Mood>.Instance), Is.EqualTo((Mood)7));
        Assert.That(s_codec.Decode(mood, new ReadOnlySequence<byte>(unnamed)), Is.EqualTo("7"));
        Assert.That(s_codec.Decode(mood, new ReadOnlySequence<byte>(named)), Is.EqualTo("\"Angry\""));
        Assert.That(s_codec.Decode(groups, new ReadOnlySequence<byte>(pairs)), Is.EqualTo("""{"a":[1]}"""));
    }

    [TestCase("AddAsync", """["x", 1]""", "a: expected a whole number (a int), got a string")]
    [TestCase("AddAsync", """[1.5, 1]""", "a: 1.5 is not a whole number in the range of a int")]
    [TestCase("AddAsync", """[1]""", "AddAsync takes 2 arguments (int a, int b), not 1")]
    [TestCase("NumbersAsync", """[256, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "c", true, null]""", "a: 256 is not a whole number in the range of a byte")]
    [TestCase("NumbersAsync", """[0, 0, 0, 0, 0, 0, 0, 1e39, 0, 0, 0, 0, 0, "c", true, null]""", "h: 1e39 is out of the range of a float")]
    [TestCase("NumbersAsync", """[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 70000, 0, 0, "c", true, null]""", "k: 70000 is out of the range of a Half")]
    [TestCase("NumbersAsync", """[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, "c", true, null]""", "m: -1 is not a whole number in the range of a UInt128")]
    [TestCase("NumbersAsync", """[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "cd", true, null]""", "n: expected one character, got 2")]
    [TestCase("EchoSampleAsync", """[{"Sensor":"s","Mood":"Calm","Children":null}]""", "sample.Value: the member is missing")]
    [TestCase("EchoSampleAsync", """[{"Sensor":"s","Value":1,"Mood":"Calm","Children":null,"Extra":1}]""", "sample: Romp.Tests.Contracts.Sample has no member 'Extra'")]
    [TestCase("EchoSampleAsync", """[{"Sensor":"s","Value":1,"Mood":"Happy","Children":null}]""", "sample.Mood: 'Happy' is not a Romp.Tests.Contracts.Mood; use one of Calm, Angry or a number")]
    [TestCase("EchoSampleAsync", """[{"Sensor":"s","Value":1,"Mood":"Calm","Children":[{"Sensor":1}]}]""", "sample.Children[0].Sensor: expected a string or null, got the number 1")]
    [TestCase("TupleAsync", """[[1, true]]""", "value: expected an array of 3 elements, got an array")]
    [TestCase("TupleAsync", """[[1, true, 40000]]""", "value[2]: 40000 is out of the range of Romp.Tests.Contracts.Mood (a Int16)")]
    [TestCase("WindowsAsync", """[[null]]""", "windows[0]: expected an object (a Romp.Tests.Contracts.Window), got null")]
    [TestCase("GroupAsync", """[[1], ["x", "x"]]""", "names[1]: the set holds this element twice")]
    [TestCase("TimesAsync", """["yesterday", "2024-05-01T12:00:00+02:00", "00:00:01", "2024-05-01", "12:00", "0f8fad5b-d9cb-469f-a165-70867728950e"]""", "a: 'yesterday' is not a date and time")]
    public void EncodeArguments_InvalidJson_JsonExceptionNamesThePath(string method, string arguments, string expected)
    {
        JsonException? error = Assert.Throws<JsonException>(() => s_codec.EncodeArguments(Method(method), Arguments(arguments)));

        Assert.That(error!.Message, Does.StartWith(expected));
    }

    [Test]
    public void Encode_NestedDeeperThanMaxDepth_JsonException()
    {
        string json = string.Concat(Enumerable.Repeat("""{"Sensor":"s","Value":1,"Mood":"Calm","Children":[""", 25)) + "null" + string.Concat(Enumerable.Repeat("]}", 25));
        var shallow = new RompJsonCodec(s_contract) { MaxDepth = 20 };

        JsonException? error = Assert.Throws<JsonException>(() => shallow.Encode(RompTypeShape.Record("Romp.Tests.Contracts.Sample"), Parse(json)));

        Assert.That(error!.Message, Does.Contain("nested more than 20 levels"));
    }

    [Test]
    public void Encode_ReferenceOrStream_JsonExceptionSaysItCannotBeSent()
    {
        JsonException? error = Assert.Throws<JsonException>(() => s_codec.Encode(Method("CounterAsync").Result, Parse("null")));

        Assert.That(error!.Message, Does.Contain("cannot be sent from JSON"));
    }

    [Test]
    public void Decode_Reference_ShownWithoutImporting()
    {
        byte[] reference = [1, 7, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];

        string json = s_codec.Decode(Method("CounterAsync").Result, new ReadOnlySequence<byte>(reference));

        Assert.That(json, Is.EqualTo("""{"$ref":"Romp.Tests.Contracts.ICounter","objectId":7}"""));
    }

    [Test]
    public void DecodeEncode_ByteStream_ShownByItsIdAndNeverSentFromJson()
    {
        RompTypeShape stream = RompTypeShape.Of(RompTypeKind.ByteStream);

        Assert.That(s_codec.Decode(stream, new ReadOnlySequence<byte>([5, 0, 0, 0])), Is.EqualTo("""{"$stream":5}"""));
        Assert.That(s_codec.Decode(stream, new ReadOnlySequence<byte>([0, 0, 0, 0])), Is.EqualTo("null"));
        Assert.That(Assert.Throws<JsonException>(() => s_codec.Encode(stream, Parse("null")))!.Message, Does.Contain("cannot be sent from JSON"));
        Assert.That(stream.DisplayName, Is.EqualTo("Stream"));
    }

    [Test]
    public void Decode_TruncatedOrTrailingBytes_InvalidMessage()
    {
        RompTypeShape shape = Shape(Method("EchoSampleAsync"), "sample");
        byte[] bytes = RompSerializer.Serialize(new Sample("s", 1, Mood.Calm, null), SampleFormatter.Instance);

        for (int length = 0; length < bytes.Length; length++)
        {
            RompException? error = Assert.Throws<RompException>(() => s_codec.Decode(shape, new ReadOnlySequence<byte>(bytes, 0, length)));
            Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage), $"{length} of {bytes.Length} bytes");
        }

        RompException? trailing = Assert.Throws<RompException>(() => s_codec.Decode(shape, new ReadOnlySequence<byte>([.. bytes, 0])));
        Assert.That(trailing!.Error, Is.EqualTo(RompError.InvalidMessage));
    }

    [Test]
    public void DecodeResult_MethodWithoutResult_Null()
    {
        Assert.That(s_codec.DecodeResult(Method("FailAsync"), ReadOnlySequence<byte>.Empty), Is.EqualTo("null"));
    }

    [Test]
    public void DecodeArguments_CallPayload_JsonArrayOfTheArguments()
    {
        byte[] payload = s_codec.EncodeArguments(Method("AddAsync"), Arguments("[2, 40]"));

        Assert.That(s_codec.DecodeArguments(Method("AddAsync"), new ReadOnlySequence<byte>(payload)), Is.EqualTo("[2,40]"));
    }

    [Test]
    public void Summarize_LargeValue_CutAtTheLengthAndStopsReading()
    {
        int[] values = Enumerable.Range(0, 100_000).ToArray();
        byte[] bytes = RompSerializer.Serialize(values, new UnmanagedArrayFormatter<int>(RompFormatters.Int32));

        string summary = s_codec.Summarize(Shape(Method("GroupAsync"), "values"), new ReadOnlySequence<byte>(bytes), 40);

        Assert.That(summary, Has.Length.EqualTo(40));
        Assert.That(summary, Does.StartWith("[0,1,2,3,4,5,").And.EndWith("…"));
    }

    [Test]
    public void Summarize_MalformedPayload_ShowsWhatReadAndWhy()
    {
        byte[] payload = [2, 0, 0, 0, 40];

        string summary = s_codec.SummarizeArguments(Method("AddAsync"), new ReadOnlySequence<byte>(payload), 200);

        Assert.That(summary, Does.StartWith("[2").And.Contain("<malformed: "));
    }

    [Test]
    public void Summarize_SmallValue_WholeJson()
    {
        byte[] payload = s_codec.EncodeArguments(Method("EchoAsync"), Arguments("""["hi"]"""));

        Assert.That(s_codec.SummarizeArguments(Method("EchoAsync"), new ReadOnlySequence<byte>(payload), 200), Is.EqualTo("""["hi"]"""));
    }

    [Test]
    public void EncodeDecode_UnionCasesNestedAndNull_SameBytesAsTheGeneratedFormatter()
    {
        RompContractDescription contract = RompContracts.Find<IFigures>()!.Describe();
        var codec = new RompJsonCodec(contract);
        RompTypeShape figure = contract.Methods.Single(static m => m.Name == "EchoAsync").Parameters[0].Shape;
        RompTypeShape sketch = contract.Methods.Single(static m => m.Name == "EchoSketchAsync").Parameters[0].Shape;

        Assert.Multiple(() =>
        {
            Same(codec, figure, """{"$type":"Romp.Tests.Contracts.Circle","Name":"sun","Radius":2.5}""", new Circle("sun", 2.5), FigureFormatter.Instance);
            Same(codec, figure, """{"$type":"Romp.Tests.Contracts.Triangle","Name":"roof","Corners":3}""", new Triangle("roof"), FigureFormatter.Instance);
            Same(codec, figure, """{"$type":"Romp.Tests.Contracts.Quad","Name":"q","Corners":4,"Inner":{"$type":"Romp.Tests.Contracts.Square","Name":"s","Side":1}}""",
                new Quad("q", new Square("s", 1)), FigureFormatter.Instance);
            Same(codec, figure, "null", (Figure?)null, FigureFormatter.Instance);
            Same(codec, sketch, """{"Figures":[{"$type":"Romp.Tests.Contracts.Circle","Name":"c","Radius":1}],"Focus":null}""",
                new Sketch([new Circle("c", 1)], null), SketchFormatter.Instance);
        });
        // What a conversation trace shows of a union argument: the same JSON.
        byte[] triangle = RompSerializer.Serialize<Figure?>(new Triangle("roof"), FigureFormatter.Instance);
        Assert.That(codec.Summarize(figure, new ReadOnlySequence<byte>(triangle), 200), Is.EqualTo("""{"$type":"Romp.Tests.Contracts.Triangle","Name":"roof","Corners":3}"""));
    }

    [TestCase("""{"Name":"x","Radius":1}""", "$: a Romp.Tests.Contracts.Figure needs \"$type\": one of Romp.Tests.Contracts.Circle, Romp.Tests.Contracts.Square, Romp.Tests.Contracts.Triangle, Romp.Tests.Contracts.Quad")]
    [TestCase("""{"$type":"Romp.Tests.Contracts.Polygon","Name":"x","Corners":3}""", "$: 'Romp.Tests.Contracts.Polygon' is not a case of Romp.Tests.Contracts.Figure")]
    [TestCase("""{"$type":"Romp.Tests.Contracts.Circle","Name":"x"}""", "$.Radius: the member is missing")]
    [TestCase("""{"$type":"Romp.Tests.Contracts.Circle","Name":"x","Radius":1,"Side":2}""", "$: Romp.Tests.Contracts.Circle has no member 'Side'")]
    [TestCase("[]", "$: expected an object (a Romp.Tests.Contracts.Figure, with \"$type\" naming its case) or null, got an array")]
    public void Encode_UnionWithoutAKnownCase_JsonExceptionSaysWhich(string json, string message)
    {
        RompContractDescription contract = RompContracts.Find<IFigures>()!.Describe();
        RompTypeShape figure = contract.Methods.Single(static m => m.Name == "EchoAsync").Parameters[0].Shape;

        JsonException? error = Assert.Throws<JsonException>(() => new RompJsonCodec(contract).Encode(figure, Parse(json)));

        Assert.That(error!.Message, Does.StartWith(message));
    }

    [Test]
    public void Decode_UnknownUnionTag_UnknownType()
    {
        RompContractDescription contract = RompContracts.Find<IFigures>()!.Describe();
        RompTypeShape figure = contract.Methods.Single(static m => m.Name == "EchoAsync").Parameters[0].Shape;

        RompException? error = Assert.Throws<RompException>(() => new RompJsonCodec(contract).Decode(figure, new ReadOnlySequence<byte>(new byte[] { 2, 0, 0, 0, 9, 0 })));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnknownType));
    }

    private static void Same<T>(RompJsonCodec codec, RompTypeShape shape, string json, T value, IRompFormatter<T> formatter)
    {
        byte[] generated = RompSerializer.Serialize(value, formatter);
        Assert.That(codec.Encode(shape, Parse(json)), Is.EqualTo(generated), $"{shape.DisplayName} {json}: the codec's bytes");
        Assert.That(codec.Decode(shape, new ReadOnlySequence<byte>(generated)), Is.EqualTo(json), $"{shape.DisplayName}: decoded from the generated bytes");
    }

    private static void Same<T>(RompTypeShape shape, string json, T value, IRompFormatter<T> formatter)
    {
        byte[] generated = RompSerializer.Serialize(value, formatter);
        byte[] encoded = s_codec.Encode(shape, Parse(json));
        Assert.That(encoded, Is.EqualTo(generated), $"{shape.DisplayName} {json}: the codec's bytes");
        Assert.That(s_codec.Decode(shape, new ReadOnlySequence<byte>(generated)), Is.EqualTo(json), $"{shape.DisplayName}: decoded from the generated bytes");
    }

    private static RompMethodDescription Method(string name) => s_contract.Methods.Single(m => m.Name == name);

    private static RompTypeShape Shape(RompMethodDescription method, string parameter) => method.Parameters.Single(p => p.Name == parameter).Shape;

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement[] Arguments(string json) => [.. Parse(json).EnumerateArray()];
}

/// <summary>A record with the member shapes the shape service's types lack: a nullable value, a tuple, a dictionary.</summary>
[RompSerializable]
public sealed record CodecRecord(int? Stars, (int, string?) Pair, Dictionary<string, int>? Counts, Mood Mood, Window? Window);

[RompObject]
public interface ICodecProbe
{
    ValueTask<CodecRecord> EchoAsync();
}
