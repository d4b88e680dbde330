using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Romp.Description;

/// <summary>
/// Converts between JSON and Romp's wire format by a contract's describe metadata, with no generated code for the
/// contract: what a generic client (the <c>romp</c> tool, a trace) uses to send arguments and show results.
/// </summary>
/// <remarks>
/// The JSON forms: numbers as JSON numbers (<c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c> as strings for
/// floating-point kinds); <c>char</c>, <c>Guid</c>, dates and times as strings (ISO 8601 for <c>DateTime</c> and
/// <c>DateTimeOffset</c>, <c>yyyy-MM-dd</c>, <c>HH:mm:ss.fffffff</c>, TimeSpan's <c>c</c> format); byte arrays as
/// base64; enums as their names (or a number); arrays, lists, sets and tuples as arrays; dictionaries as objects when
/// their keys are scalars, otherwise as arrays of <c>[key, value]</c> pairs; records as objects with every member, by
/// its declared name; a union's value as its case's object with the case's type name first, as <c>"$type"</c> (a nested
/// union's case names its own record); null where the type allows it. Encoding is strict: a value of the wrong JSON type, a number out
/// of range, a missing or unknown member, an unknown enum name or union case, or a repeated set element is a <see cref="JsonException"/>
/// whose message names the path to it (<c>reading.Children[0].Value: ...</c>). References, blocks and streams cannot be
/// encoded; decoded, a reference is shown as <c>{"$ref": "Interface", "objectId": 3}</c> and is not imported.
/// </remarks>
public sealed class RompJsonCodec
{
    /// <summary>The deepest JSON a value may nest by default.</summary>
    public const int DefaultMaxDepth = 64;

    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1100 };
    private static readonly JsonWriterOptions s_indented = s_compact with { Indented = true };

    private readonly RompContractDescription _contract;

    /// <summary>A codec for the methods and types of <paramref name="contract"/>.</summary>
    public RompJsonCodec(RompContractDescription contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        _contract = contract;
    }

    /// <summary>The deepest a JSON value may nest (default <see cref="DefaultMaxDepth"/>).</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>The contract whose shapes this codec follows.</summary>
    public RompContractDescription Contract => _contract;

    /// <summary>A call's argument payload: each of <paramref name="arguments"/> encoded as its parameter, in order.</summary>
    /// <exception cref="JsonException">An argument does not fit its parameter, or there are too few or too many; the message names it.</exception>
    public byte[] EncodeArguments(RompMethodDescription method, IReadOnlyList<JsonElement> arguments)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count != method.Parameters.Count)
        {
            throw new JsonException($"{method.Name} takes {method.Parameters.Count} argument{(method.Parameters.Count == 1 ? "" : "s")}" +
                $" ({string.Join(", ", method.Parameters.Select(static p => p.TypeName + " " + p.Name))}), not {arguments.Count}.");
        }

        var output = new ArrayBufferWriter<byte>();
        var writer = new WireFromJson(_contract, MaxDepth, output);
        for (int i = 0; i < arguments.Count; i++)
            writer.Write(method.Parameters[i].Shape, arguments[i], method.Parameters[i].Name);
        writer.Commit();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>One value of <paramref name="shape"/>, encoded from <paramref name="value"/>.</summary>
    /// <exception cref="JsonException">The value does not fit the shape; the message names where (<c>$</c> is the value itself).</exception>
    public byte[] Encode(RompTypeShape shape, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var output = new ArrayBufferWriter<byte>();
        var writer = new WireFromJson(_contract, MaxDepth, output);
        writer.Write(shape, value, "$");
        writer.Commit();
        return output.WrittenSpan.ToArray();
    }

    /// <summary>One value of <paramref name="shape"/> that takes up all of <paramref name="payload"/>, as JSON.</summary>
    /// <exception cref="RompException">The bytes are malformed (<see cref="RompError.InvalidMessage"/>), or the shape cannot be read (<see cref="RompError.UnsupportedType"/>).</exception>
    public string Decode(RompTypeShape shape, ReadOnlySequence<byte> payload, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output, indented ? s_indented : s_compact))
        {
            var reader = new JsonFromWire(_contract, payload, json);
            reader.Read(shape);
            reader.EnsureEnd();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The answer (RETVAL payload) of a call to <paramref name="method"/>, as JSON: <c>null</c> for a method without a result.</summary>
    /// <exception cref="RompException">As for <see cref="Decode"/>.</exception>
    public string DecodeResult(RompMethodDescription method, ReadOnlySequence<byte> payload, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(method);
        // A stream's items come in YIELD frames; its RETVAL is empty, as a method without a result's is.
        RompTypeShape result = method.Result.Kind == RompTypeKind.Stream ? RompTypeShape.Of(RompTypeKind.Void) : method.Result;
        if (result.Kind == RompTypeKind.Void)
        {
            if (payload.Length != 0)
                throw new RompException(RompError.InvalidMessage, $"{payload.Length} unexpected bytes follow the last value of the payload.");
            return "null";
        }

        return Decode(result, payload, indented);
    }

    /// <summary>A call's argument payload as a JSON array, one element per parameter.</summary>
    /// <exception cref="RompException">As for <see cref="Decode"/>.</exception>
    public string DecodeArguments(RompMethodDescription method, ReadOnlySequence<byte> payload, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(method);
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output, indented ? s_indented : s_compact))
        {
            var reader = new JsonFromWire(_contract, payload, json);
            json.WriteStartArray();
            foreach (RompParameterDescription parameter in method.Parameters)
                reader.Read(parameter.Shape);
            json.WriteEndArray();
            reader.EnsureEnd();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// A value of <paramref name="shape"/> as compact JSON of at most <paramref name="maxLength"/> characters, cut with
    /// <c>…</c> when longer, for logs and traces. Never throws for bad input: a malformed payload is shown as far as it
    /// reads, then <c>&lt;malformed: why&gt;</c>. Reading stops once the text is long enough.
    /// </summary>
    public string Summarize(RompTypeShape shape, ReadOnlySequence<byte> payload, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Summary(payload, maxLength, (ref JsonFromWire reader, Utf8JsonWriter _) => reader.Read(shape));
    }

    /// <summary>A call's arguments as a compact JSON array of at most <paramref name="maxLength"/> characters, as <see cref="Summarize"/> does.</summary>
    public string SummarizeArguments(RompMethodDescription method, ReadOnlySequence<byte> payload, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(method);
        return Summary(payload, maxLength, (ref JsonFromWire reader, Utf8JsonWriter json) =>
        {
            json.WriteStartArray();
            foreach (RompParameterDescription parameter in method.Parameters)
                reader.Read(parameter.Shape);
            json.WriteEndArray();
        });
    }

    private delegate void SummaryBody(ref JsonFromWire reader, Utf8JsonWriter json);

    private string Summary(ReadOnlySequence<byte> payload, int maxLength, SummaryBody body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var output = new ArrayBufferWriter<byte>();
        // Unchecked: a value cut short leaves arrays and objects open, which a validating writer refuses to flush.
        var json = new Utf8JsonWriter(output, s_compact with { SkipValidation = true });
        string? problem = null;
        try
        {
            var reader = new JsonFromWire(_contract, payload, json, budget: maxLength);
            body(ref reader, json);
            reader.EnsureEnd();
        }
        catch (JsonFromWire.OverBudget)
        {
        }
        catch (Exception error) when (error is RompException or InvalidOperationException or ArgumentException)
        {
            problem = error.Message;
        }

        json.Flush();
        json.Dispose();
        string text = Encoding.UTF8.GetString(output.WrittenSpan);
        if (problem is not null)
            text += " <malformed: " + problem + ">";
        return text.Length <= maxLength ? text : text.Substring(0, maxLength - 1) + "…";
    }
}
