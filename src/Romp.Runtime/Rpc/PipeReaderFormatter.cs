using System.ComponentModel;
using System.IO.Pipelines;

namespace Romp.CompilerServices;

/// <summary>
/// Marshals a <see cref="PipeReader"/> parameter or result as a byte stream, exactly as <see cref="ByteStreamFormatter"/>
/// does a <see cref="Stream"/>: the sender's reader is read to its end and completed; the receiver gets a reader over
/// the bytes as they arrive.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PipeReaderFormatter : IRompFormatter<PipeReader?>
{
    // A piece of a byte stream is at most 32 KiB: the receiving reader asks for that much at a time.
    private static readonly StreamPipeReaderOptions s_options = new(bufferSize: 32 * 1024, leaveOpen: false);

    private PipeReaderFormatter()
    {
    }

    /// <summary>The formatter; it holds no state.</summary>
    public static PipeReaderFormatter Instance { get; } = new();

    /// <inheritdoc />
    public void Write(ref RompWriter writer, PipeReader? value) =>
        ByteStreamFormatter.Instance.Write(ref writer, value?.AsStream(leaveOpen: false));

    /// <inheritdoc />
    public PipeReader? Read(ref RompReader reader) =>
        ByteStreamFormatter.Instance.Read(ref reader) is { } stream ? PipeReader.Create(stream, s_options) : null;
}
