using System.Buffers;
using System.Globalization;
using System.Text;
using Romp.Errors;
using Romp.Protocol;

namespace Romp.Diagnostics;

/// <summary>
/// The fields of frames that name no call, as a conversation trace prints them: the frame type's protocol name, a
/// hello's flags, an EXCEPTION's error, a GOODBYE's or DRAIN's reason. Pure functions of the bytes (docs/protocol.md
/// §1.1, §2, §3.4, §3.10); a payload that does not decode throws, and the trace says so instead of the fields.
/// </summary>
internal static class FrameSummary
{
    /// <summary>The longest frame type name, REQUEST_BLOCK: the type column is this wide.</summary>
    public const int TypeWidth = 13;

    /// <summary>How much of a text (an error message, a name) a line shows.</summary>
    private const int MaxText = 100;

    /// <summary>The type's name as docs/protocol.md spells it, or its number for a type no frame has.</summary>
    public static string TypeName(FrameType type) => type switch
    {
        FrameType.Request => "REQUEST",
        FrameType.RequestBlock => "REQUEST_BLOCK",
        FrameType.Oneway => "ONEWAY",
        FrameType.OnewaySync => "ONEWAY_SYNC",
        FrameType.RetVal => "RETVAL",
        FrameType.Exception => "EXCEPTION",
        FrameType.Yield => "YIELD",
        FrameType.Sync => "SYNC",
        FrameType.NullMsg => "NULL_MSG",
        FrameType.Cancel => "CANCEL",
        FrameType.Credit => "CREDIT",
        FrameType.Goodbye => "GOODBYE",
        FrameType.Discard => "DISCARD",
        FrameType.Release => "RELEASE",
        FrameType.Ping => "PING",
        FrameType.Pong => "PONG",
        FrameType.Drain => "DRAIN",
        FrameType.Bytes => "BYTES",
        FrameType.BytesEnd => "BYTES_END",
        FrameType.BytesCredit => "BYTES_CREDIT",
        FrameType.BytesStop => "BYTES_STOP",
        _ => "TYPE_" + ((byte)type).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A hello: version, flags by name, the largest frame the sender accepts.</summary>
    public static void AppendHello(StringBuilder line, HelloFlags flags, int maxFrameSize)
    {
        line.Append('v').Append(Handshake.Version).Append(" flags ");
        int start = line.Length;
        AppendFlag(line, flags, HelloFlags.AuthenticationRequired, "authentication-required", start);
        AppendFlag(line, flags, HelloFlags.Refused, "refused", start);
        AppendFlag(line, flags, HelloFlags.KeepAlive, "keepalive", start);
        AppendFlag(line, flags, HelloFlags.CallHeaders, "call-headers", start);
        AppendFlag(line, flags, HelloFlags.Drain, "drain", start);
        if (line.Length == start)
            line.Append("none");
        line.Append(", max frame ").Append(maxFrameSize).Append(" B");
    }

    /// <summary>An EXCEPTION's payload: the error code's name, the remote type, the message, and how long the stack trace is.</summary>
    public static void AppendError(StringBuilder line, in ReadOnlySequence<byte> payload)
    {
        var reader = new RompReader(payload);
        byte code = reader.ReadByte();
        string? type = reader.ReadString();
        string? message = reader.ReadString();
        string? stack = reader.ReadString();
        AppendCode(line, code);
        line.Append(' ').Append(type).Append(' ');
        AppendQuoted(line, message);
        if (stack is null)
        {
            line.Append(" (no stack trace)");
        }
        else
        {
            int lines = 1;
            foreach (char c in stack)
            {
                if (c == '\n')
                    lines++;
            }

            line.Append(" (stack trace of ").Append(lines).Append(lines == 1 ? " line)" : " lines)");
        }

        if (reader.Remaining > 0)
            AppendErrorDetail(line, ref reader);
    }

    // The detail of docs/protocol.md §3.4: a declared fault's name or a standard exception's code, and the inner count.
    private static void AppendErrorDetail(StringBuilder line, ref RompReader reader)
    {
        var kind = (FaultKind)reader.ReadByte();
        int length = reader.ReadLength();
        var body = new RompReader(reader.ReadSlice(length));
        if (kind == FaultKind.Declared)
            line.Append(" fault ").Append(body.ReadString());
        else if (kind == FaultKind.Standard)
            line.Append(" standard");
        int inner = reader.ReadUInt16();
        if (inner > 0)
            line.Append(", ").Append(inner).Append(inner == 1 ? " inner exception" : " inner exceptions");
    }

    /// <summary>A GOODBYE's or DRAIN's payload: the reason (orderly, or a <see cref="RompError"/>) and the message.</summary>
    public static void AppendGoodbye(StringBuilder line, in ReadOnlySequence<byte> payload)
    {
        var reader = new RompReader(payload);
        byte reason = reader.ReadByte();
        string? message = reader.ReadString();
        if (reason == GoodbyeBody.Orderly)
            line.Append("orderly");
        else
            AppendCode(line, reason);
        line.Append(' ');
        AppendQuoted(line, message);
    }

    /// <summary>A text in double quotes, shortened, with quotes and line breaks escaped so that a line stays one line.</summary>
    public static void AppendQuoted(StringBuilder line, string? text)
    {
        if (text is null)
        {
            line.Append("null");
            return;
        }

        line.Append('"');
        int shown = Math.Min(text.Length, MaxText);
        for (int i = 0; i < shown; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '"': line.Append("\\\""); break;
                case '\\': line.Append("\\\\"); break;
                case '\n': line.Append("\\n"); break;
                case '\r': line.Append("\\r"); break;
                case '\t': line.Append("\\t"); break;
                default: line.Append(char.IsControl(c) ? '?' : c); break;
            }
        }

        if (shown < text.Length)
            line.Append('…');
        line.Append('"');
    }

    // Codes this side does not know are shown as numbers: the peer may be newer.
    private static void AppendCode(StringBuilder line, byte code)
    {
        if (code <= (byte)RompError.UnknownMethod)
            line.Append(((RompError)code).ToString());
        else
            line.Append("error ").Append(code);
    }

    private static void AppendFlag(StringBuilder line, HelloFlags flags, HelloFlags flag, string name, int start)
    {
        if ((flags & flag) == 0)
            return;
        if (line.Length > start)
            line.Append(',');
        line.Append(name);
    }
}
