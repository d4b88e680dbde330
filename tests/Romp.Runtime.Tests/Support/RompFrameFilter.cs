using System.Buffers.Binary;

namespace Romp.Tests.Support;

/// <summary>
/// Follows the Romp framing of one direction of a byte stream (the 12-byte hello, then 9-byte headers and their payloads;
/// docs/protocol.md §1.1 and §2) and drops whole frames a predicate picks, as the bytes pass. A header is held back until
/// its ninth byte has arrived, since the decision needs it; payloads are never buffered. A frame any of whose header
/// bytes came under <c>dropAll</c> (a black hole) is dropped whole. Bytes that are not Romp make the frame counts
/// meaningless, and a black hole in them drops what follows up to the end of what the filter takes for a frame.
/// </summary>
public sealed class RompFrameFilter
{
    public const int HelloSize = 12;
    public const int HeaderSize = 9;

    private readonly byte[] _header = new byte[HeaderSize]; // the header being collected, _headerFilled bytes of it
    private int _headerFilled;
    private int _headerDropped; // of those, the bytes that came under dropAll: counted as dropped already, so the frame is too
    private int _helloRemaining = HelloSize;
    private long _payloadRemaining; // of the current frame, whose fate _droppingFrame holds
    private bool _droppingFrame;

    /// <summary>The most <see cref="Process"/> can write for <paramref name="inputLength"/> bytes: a held header comes out with them.</summary>
    public static int MaxOutput(int inputLength) => inputLength + HeaderSize - 1;

    /// <summary>
    /// Passes <paramref name="input"/> through: the bytes to forward go to <paramref name="output"/> (at least
    /// <see cref="MaxOutput"/> long), in order. With <paramref name="dropAll"/> every byte is dropped, but the framing is
    /// still followed, so frames are counted and the filter stays in step for later input.
    /// </summary>
    /// <returns>The number of bytes written to <paramref name="output"/>.</returns>
    public int Process(ReadOnlySpan<byte> input, Span<byte> output, Func<ProxyFrame, bool>? drop, bool dropAll,
        out int bytesDropped, out int framesForwarded, out int framesDropped)
    {
        int written = 0;
        bytesDropped = framesForwarded = framesDropped = 0;
        while (!input.IsEmpty)
        {
            int take;
            if (_helloRemaining > 0)
            {
                take = Math.Min(_helloRemaining, input.Length);
                _helloRemaining -= take;
                Pass(input[..take], dropAll, output, ref written, ref bytesDropped);
            }
            else if (_payloadRemaining > 0)
            {
                take = (int)Math.Min(_payloadRemaining, input.Length);
                _payloadRemaining -= take;
                Pass(input[..take], dropAll || _droppingFrame, output, ref written, ref bytesDropped);
            }
            else
            {
                take = Math.Min(HeaderSize - _headerFilled, input.Length);
                input[..take].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                if (dropAll)
                {
                    // Dropped as they come, so that a black hole's count is exact even when it ends inside a header.
                    _headerDropped += take;
                    bytesDropped += take;
                }

                if (_headerFilled == HeaderSize)
                {
                    var frame = new ProxyFrame(
                        BinaryPrimitives.ReadUInt32LittleEndian(_header),
                        _header[4],
                        BinaryPrimitives.ReadUInt32LittleEndian(_header.AsSpan(5)));
                    _droppingFrame = dropAll || _headerDropped > 0 || (drop?.Invoke(frame) ?? false);
                    _payloadRemaining = frame.Length;
                    if (_droppingFrame)
                    {
                        framesDropped++;
                        bytesDropped += HeaderSize - _headerDropped;
                    }
                    else
                    {
                        framesForwarded++;
                        _header.CopyTo(output[written..]);
                        written += HeaderSize;
                    }

                    _headerFilled = 0;
                    _headerDropped = 0;
                }
            }

            input = input[take..];
        }

        return written;
    }

    private static void Pass(ReadOnlySpan<byte> bytes, bool dropped, Span<byte> output, ref int written, ref int bytesDropped)
    {
        if (dropped)
        {
            bytesDropped += bytes.Length;
            return;
        }

        bytes.CopyTo(output[written..]);
        written += bytes.Length;
    }
}
