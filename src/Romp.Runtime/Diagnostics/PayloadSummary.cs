using System.Buffers;
using System.Text;
using Romp.Description;

namespace Romp.Diagnostics;

/// <summary>
/// The short summary of a call's arguments, result or stream items in a conversation trace line. This is the one place
/// that renders payload contents. The values carry no type tags (docs/protocol.md §5), so they are decoded from the
/// contract's description of the method (<see cref="RompJsonCodec"/>: compact JSON, cut at
/// <see cref="MaxSummaryLength"/> characters); where there is none (an unknown method, an object the trace never saw
/// named, a block, stream items) the line shows a bounded preview of the bytes instead: hex, then printable ASCII.
/// </summary>
internal static class PayloadSummary
{
    /// <summary>How many bytes of a payload a line shows when it cannot decode them.</summary>
    public const int PreviewBytes = 32;

    /// <summary>How many characters of decoded values a line shows.</summary>
    public const int MaxSummaryLength = 120;

    private const string Hex = "0123456789ABCDEF";

    /// <summary>
    /// Appends the summary of <paramref name="payload"/>, which is <paramref name="kind"/> for method
    /// <paramref name="methodId"/> of <paramref name="contract"/> (null when the trace does not know the object's contract).
    /// Called under the trace's lock while the frame's bytes are valid; it must not keep them. A payload that does not
    /// decode may throw: the trace line then says so.
    /// </summary>
    public static void Append(StringBuilder line, RompObjectContract? contract, ushort methodId, PayloadKind kind, in ReadOnlySequence<byte> payload)
    {
        ReadOnlySequence<byte> values = payload;
        switch (kind)
        {
            case PayloadKind.Arguments:
                line.Append("args");
                break;
            case PayloadKind.Result:
                line.Append("result");
                break;
            default:
                var reader = new RompReader(payload);
                uint count = reader.ReadUInt32();
                line.Append(count).Append(count == 1 ? " item" : " items");
                values = payload.Slice(reader.Consumed);
                break;
        }

        if (values.IsEmpty)
        {
            if (kind != PayloadKind.Items)
                line.Append(" none");
            return;
        }

        line.Append(kind == PayloadKind.Items ? ", " : " ").Append(values.Length).Append(" B: ");
        if (Decoded(contract, methodId, kind, values, kind == PayloadKind.Items ? ItemCount(payload) : 0) is { } text)
            line.Append(text);
        else
            AppendPreview(line, values);
    }

    // The values as JSON, when the contract's generated description says what they are; the codec never throws.
    private static string? Decoded(RompObjectContract? contract, ushort methodId, PayloadKind kind, in ReadOnlySequence<byte> values, uint items)
    {
        // A contract registered without its generated description (a block's) knows names only, not types.
        if (contract?.DescriptionFactory is null || contract.Describe().FindMethod(methodId) is not { } method)
            return null;

        var codec = new RompJsonCodec(contract.Describe());
        return kind switch
        {
            PayloadKind.Arguments => codec.SummarizeArguments(method, values, MaxSummaryLength),
            PayloadKind.Result when method.Result.Kind is not (RompTypeKind.Void or RompTypeKind.Stream or RompTypeKind.Opaque) =>
                codec.Summarize(method.Result, values, MaxSummaryLength),
            // One item per YIELD is the usual case; several are values back to back, shown as bytes.
            PayloadKind.Items when items == 1 && method.Result is { Kind: RompTypeKind.Stream, Arguments: [{ Kind: not RompTypeKind.Opaque } item] } =>
                codec.Summarize(item, values, MaxSummaryLength),
            _ => null,
        };
    }

    private static uint ItemCount(in ReadOnlySequence<byte> payload) => new RompReader(payload).ReadUInt32();

    /// <summary>The first <see cref="PreviewBytes"/> bytes as hex, then as printable ASCII between bars, with … when there are more.</summary>
    public static void AppendPreview(StringBuilder line, in ReadOnlySequence<byte> bytes)
    {
        Span<byte> head = stackalloc byte[PreviewBytes];
        int shown = (int)Math.Min(bytes.Length, PreviewBytes);
        bytes.Slice(0, shown).CopyTo(head);
        bool more = bytes.Length > shown;
        for (int i = 0; i < shown; i++)
        {
            if (i > 0)
                line.Append(' ');
            line.Append(Hex[head[i] >> 4]).Append(Hex[head[i] & 0xF]);
        }

        if (more)
            line.Append(" …");
        line.Append(" |");
        for (int i = 0; i < shown; i++)
            line.Append(head[i] is >= 0x20 and < 0x7F ? (char)head[i] : '.');
        if (more)
            line.Append('…');
        line.Append('|');
    }
}
