using System.Buffers.Binary;
using System.Diagnostics;

namespace Romp.Protocol;

/// <summary>
/// W3C trace context as a call header carries it (docs/protocol.md §4.1, tags 2 and 3): the binary form of
/// <c>traceparent</c> (version, 16-byte trace id, 8-byte parent span id, flags) and, optionally, <c>tracestate</c> as
/// printable ASCII. Advisory: a value that does not validate is ignored, and the call runs as the start of a new trace.
/// Holds the id bytes as read, so that a call whose receiver does not trace allocates nothing for them.
/// </summary>
internal readonly struct TraceParent
{
    public const byte Tag = 2;

    public const byte StateTag = 3;

    /// <summary>Version 0's size: version, trace id, span id, flags.</summary>
    public const int Size = 1 + 16 + 8 + 1;

    /// <summary>The longest tracestate a header entry holds (its size is one byte).</summary>
    public const int MaxStateLength = byte.MaxValue;

    private const byte InvalidVersion = 0xFF;

    // The ids as big-endian numbers, so that they read back in wire order; both are non-zero in a present value.
    private readonly ulong _traceHigh;
    private readonly ulong _traceLow;
    private readonly ulong _spanId;
    private readonly byte _flags;

    private TraceParent(ulong traceHigh, ulong traceLow, ulong spanId, byte flags, string? state)
    {
        _traceHigh = traceHigh;
        _traceLow = traceLow;
        _spanId = spanId;
        _flags = flags;
        TraceState = state;
    }

    /// <summary>False for the default value: the call came without a (valid) trace context.</summary>
    public bool IsPresent => _spanId != 0;

    public byte Flags => _flags;

    /// <summary>The tracestate that came with it, or null.</summary>
    public string? TraceState { get; }

    /// <summary>
    /// Parses a tag 2 value. Version 0 takes exactly <see cref="Size"/> bytes; a later version at least that, of which the
    /// first <see cref="Size"/> are read as version 0's fields (W3C's rule for versions it does not know). Version 0xFF,
    /// a shorter value, or an all-zero trace or span id is not a trace context: false.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out TraceParent parent)
    {
        parent = default;
        if (value.Length < Size || value[0] == InvalidVersion || (value[0] == 0 && value.Length != Size))
            return false;
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(value.Slice(1));
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(value.Slice(9));
        ulong span = BinaryPrimitives.ReadUInt64BigEndian(value.Slice(17));
        if ((high | low) == 0 || span == 0)
            return false;
        parent = new TraceParent(high, low, span, value[25], null);
        return true;
    }

    /// <summary>The same context with <paramref name="state"/> as its tracestate.</summary>
    public TraceParent WithState(string? state) => new(_traceHigh, _traceLow, _spanId, _flags, state);

    /// <summary>
    /// A tag 3 value as a tracestate: printable ASCII (0x20 to 0x7E) and not empty, or null (ignored). Allocates the string.
    /// </summary>
    public static string? ParseState(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
            return null;
        foreach (byte b in value)
        {
            if (b is < 0x20 or > 0x7E)
                return null;
        }

        return System.Text.Encoding.ASCII.GetString(value);
    }

    /// <summary>The remote parent of a server span: allocates the ids' strings, so only for a receiver that traces.</summary>
    public ActivityContext ToActivityContext()
    {
        Span<byte> trace = stackalloc byte[16];
        Span<byte> span = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(trace, _traceHigh);
        BinaryPrimitives.WriteUInt64BigEndian(trace.Slice(8), _traceLow);
        BinaryPrimitives.WriteUInt64BigEndian(span, _spanId);
        return new ActivityContext(ActivityTraceId.CreateFromBytes(trace), ActivitySpanId.CreateFromBytes(span), (ActivityTraceFlags)_flags, TraceState, isRemote: true);
    }

    /// <summary>
    /// How many characters of <paramref name="state"/> a header carries: all of it when it is printable ASCII of at most
    /// <see cref="MaxStateLength"/> characters; a longer one loses list members from its end until it fits (W3C lets a
    /// vendor drop members); none when it is empty, is not printable ASCII, or its first member alone is too long.
    /// </summary>
    public static int StateLength(string? state)
    {
        if (string.IsNullOrEmpty(state))
            return 0;
        int end = state.Length;
        int cut = -1; // the last comma that leaves a prefix short enough
        for (int i = 0; i < state.Length; i++)
        {
            char c = state[i];
            if (c is < ' ' or > '~')
                return 0;
            if (c == ',' && i <= MaxStateLength)
                cut = i;
        }

        if (end > MaxStateLength)
            end = cut;
        while (end > 0 && state[end - 1] is ' ' or '\t' or ',')
            end--;
        return Math.Max(end, 0);
    }

    /// <summary>Writes tag 2 for <paramref name="context"/>, then tag 3 with the first <paramref name="stateLength"/> characters of its tracestate.</summary>
    public static void Write(ref RompWriter writer, in ActivityContext context, int stateLength)
    {
        Span<byte> value = stackalloc byte[Size];
        value[0] = 0;
        context.TraceId.CopyTo(value.Slice(1, 16));
        context.SpanId.CopyTo(value.Slice(17, 8));
        value[25] = (byte)context.TraceFlags;
        writer.WriteByte(Tag);
        writer.WriteByte(Size);
        writer.WriteRaw(value);
        if (stateLength == 0)
            return;

        Span<byte> state = stackalloc byte[stateLength];
        for (int i = 0; i < state.Length; i++)
            state[i] = (byte)context.TraceState![i]; // printable ASCII: StateLength checked it
        writer.WriteByte(StateTag);
        writer.WriteByte((byte)stateLength);
        writer.WriteRaw(state);
    }

    /// <summary>The bytes a header spends on <paramref name="stateLength"/> characters of tracestate, entry included.</summary>
    public static int EntriesSize(int stateLength) => 2 + Size + (stateLength == 0 ? 0 : 2 + stateLength);
}
