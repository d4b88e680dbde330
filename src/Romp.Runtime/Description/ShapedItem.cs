using System.Text.Json;

namespace Romp.Description;

/// <summary>
/// Reads one stream item of a described shape as the bytes it takes on the wire (for <see cref="RompRemoteObject.InvokeStream"/>):
/// the shape says where it ends. A reference inside is passed over, not imported.
/// </summary>
internal sealed class ShapedItem(RompContractDescription contract, RompTypeShape shape) : IRompFormatter<byte[]>
{
    public void Write(ref RompWriter writer, byte[] value) => writer.WriteRaw(value);

    public byte[] Read(ref RompReader reader)
    {
        RompReader start = reader;
        using (var json = new Utf8JsonWriter(Stream.Null))
        {
            var walker = new JsonFromWire(contract, reader, json);
            walker.Read(shape);
            reader = walker.Reader;
        }

        byte[] bytes = new byte[checked((int)(reader.Consumed - start.Consumed))];
        start.ReadRaw(bytes);
        return bytes;
    }
}
