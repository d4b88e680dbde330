using System.Buffers;
using System.IO.Pipelines;

namespace Romp.Serialization;

/// <summary>
/// Serializes one value in Romp's wire format outside a connection: for caching, persistence, or to check what a
/// formatter writes. Connections do not use it; they write straight into their output pipe.
/// </summary>
public static class RompSerializer
{
    // A pipe whose writer never pushes back: a stable-memory buffer that RompWriter's length prefixes can patch.
    private static readonly PipeOptions s_options = new(pauseWriterThreshold: 0, useSynchronizationContext: false);

    /// <summary>Writes <paramref name="value"/> with <paramref name="formatter"/> and returns the bytes.</summary>
    public static byte[] Serialize<T>(T value, IRompFormatter<T> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var pipe = new Pipe(s_options);
        try
        {
            var writer = new RompWriter(pipe.Writer, context: null);
            formatter.Write(ref writer, value);
            writer.Commit();
            pipe.Writer.FlushAsync().GetAwaiter().GetResult();
            pipe.Writer.Complete();
            pipe.Reader.TryRead(out ReadResult result);
            byte[] bytes = result.Buffer.ToArray();
            pipe.Reader.AdvanceTo(result.Buffer.End);
            return bytes;
        }
        finally
        {
            pipe.Writer.Complete();
            pipe.Reader.Complete();
        }
    }

    /// <summary>Reads one value that must take up all of <paramref name="data"/>.</summary>
    /// <exception cref="RompException">The bytes are malformed (<see cref="RompError.InvalidMessage"/>).</exception>
    public static T Deserialize<T>(ReadOnlySequence<byte> data, IRompFormatter<T> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var reader = new RompReader(data, context: null);
        T value = formatter.Read(ref reader);
        reader.EnsureEnd();
        return value;
    }

    /// <summary>Reads one value that must take up all of <paramref name="data"/>.</summary>
    /// <exception cref="RompException">The bytes are malformed (<see cref="RompError.InvalidMessage"/>).</exception>
    public static T Deserialize<T>(ReadOnlyMemory<byte> data, IRompFormatter<T> formatter) =>
        Deserialize(new ReadOnlySequence<byte>(data), formatter);
}
