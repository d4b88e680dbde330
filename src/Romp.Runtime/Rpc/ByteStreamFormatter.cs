using System.ComponentModel;

namespace Romp.CompilerServices;

/// <summary>
/// Marshals a <see cref="Stream"/> parameter or result as a byte stream of the call (docs/protocol.md §3.14): the value
/// is the stream's id, and its bytes follow in frames of their own, as fast as the receiver reads them. The sender's
/// stream is read and disposed by Romp; the receiver gets a forward-only stream that reads them as they arrive.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ByteStreamFormatter : IRompFormatter<Stream?>
{
    private ByteStreamFormatter()
    {
    }

    /// <summary>The formatter; it holds no state.</summary>
    public static ByteStreamFormatter Instance { get; } = new();

    /// <inheritdoc />
    public void Write(ref RompWriter writer, Stream? value)
    {
        if (value is null)
        {
            writer.WriteUInt32(0);
            return;
        }

        writer.WriteUInt32((writer.Connection ?? throw OutsideACall()).SendByteStream(value));
    }

    /// <inheritdoc />
    public Stream? Read(ref RompReader reader)
    {
        uint id = reader.ReadUInt32();
        return id == 0 ? null : (reader.Connection ?? throw OutsideACall()).ReceiveByteStream(id, reader.Call);
    }

    private static RompException OutsideACall() => new(RompError.UnsupportedType,
        "A Stream can only travel inside a Romp call, as a parameter or a result; it cannot be serialized on its own.");
}
