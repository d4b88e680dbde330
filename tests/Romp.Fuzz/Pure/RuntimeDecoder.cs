using Romp.CompilerServices;
using Romp.Fuzz.Target;

namespace Romp.Fuzz.Pure;

/// <summary>
/// Decodes call arguments with the runtime's own formatters (the generated ones the dispatcher uses), as a value
/// tuple that must take up every byte: the runtime's side of the decoder comparison. References need a connection,
/// so <see cref="FuzzMethods.CallBack"/> is left to the live level.
/// </summary>
internal static class RuntimeDecoder
{
    private static readonly IRompFormatter<(int, int, long)> s_intIntLong = new ValueTupleFormatter<int, int, long>(RompFormatters.Int32, RompFormatters.Int32, RompFormatters.Int64);
    private static readonly IRompFormatter<(int, long)> s_intLong = new ValueTupleFormatter<int, long>(RompFormatters.Int32, RompFormatters.Int64);
    private static readonly IRompFormatter<(string?, long)> s_stringLong = new ValueTupleFormatter<string?, long>(RompFormatters.String, RompFormatters.Int64);
    private static readonly IRompFormatter<(byte[]?, long)> s_bytesLong = new ValueTupleFormatter<byte[]?, long>(RompFormatters.ByteArray, RompFormatters.Int64);
    private static readonly IRompFormatter<(List<int>?, long)> s_listLong = new ValueTupleFormatter<List<int>?, long>(IFuzzTargetContract.s_listOfInt32, RompFormatters.Int64);
    private static readonly IRompFormatter<(Shape?, int, long)> s_shapeIntLong = new ValueTupleFormatter<Shape?, int, long>(ShapeFormatter.Instance, RompFormatters.Int32, RompFormatters.Int64);
    private static readonly IRompFormatter<(Chain?, long)> s_chainLong = new ValueTupleFormatter<Chain?, long>(ChainFormatter.Instance, RompFormatters.Int64);

    /// <summary>Whether <paramref name="method"/> can be decoded here.</summary>
    public static bool Covers(ushort method) => method is >= FuzzMethods.Add and <= FuzzMethods.Last and not FuzzMethods.CallBack;

    /// <summary>The call's fingerprint; throws what the runtime throws for bytes it refuses.</summary>
    public static long Decode(ushort method, ReadOnlyMemory<byte> arguments)
    {
        switch (method)
        {
            case FuzzMethods.Add:
            {
                (int a, int b, long checksum) = RompSerializer.Deserialize(arguments, s_intIntLong);
                return CallFingerprint.Seal(CallFingerprint.Add(a, b), checksum);
            }
            case FuzzMethods.Echo:
            {
                (string? text, long checksum) = RompSerializer.Deserialize(arguments, s_stringLong);
                return CallFingerprint.Seal(CallFingerprint.Echo(text), checksum);
            }
            case FuzzMethods.Sum:
            {
                (byte[]? data, long checksum) = RompSerializer.Deserialize(arguments, s_bytesLong);
                return CallFingerprint.Seal(CallFingerprint.Sum(data), checksum);
            }
            case FuzzMethods.Count:
            {
                (List<int>? items, long checksum) = RompSerializer.Deserialize(arguments, s_listLong);
                return CallFingerprint.Seal(CallFingerprint.Count(items), checksum);
            }
            case FuzzMethods.Move:
            {
                (Shape? shape, int dx, long checksum) = RompSerializer.Deserialize(arguments, s_shapeIntLong);
                return CallFingerprint.Seal(CallFingerprint.Move(shape, dx), checksum);
            }
            case FuzzMethods.Depth:
            {
                (Chain? chain, long checksum) = RompSerializer.Deserialize(arguments, s_chainLong);
                return CallFingerprint.Seal(CallFingerprint.Depth(chain), checksum);
            }
            case FuzzMethods.Range:
            {
                (int start, int count, long checksum) = RompSerializer.Deserialize(arguments, s_intIntLong);
                return CallFingerprint.Seal(CallFingerprint.Range(start, count), checksum);
            }
            case FuzzMethods.Note:
            {
                (int value, long checksum) = RompSerializer.Deserialize(arguments, s_intLong);
                return CallFingerprint.Seal(CallFingerprint.Note(value), checksum);
            }
            case FuzzMethods.NoteSync:
            {
                (string? text, long checksum) = RompSerializer.Deserialize(arguments, s_stringLong);
                return CallFingerprint.Seal(CallFingerprint.NoteSync(text), checksum);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "No runtime decoder for this method.");
        }
    }
}
