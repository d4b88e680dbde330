namespace Romp.Fuzz.Target;

/// <summary>
/// The method ids of <see cref="IFuzzTarget"/> on the wire, which its methods declare with [RompId] (docs/protocol.md
/// §4.3). The fuzzer builds frames of its own (nesting bombs, wrong methods) with them.
/// </summary>
internal static class FuzzMethods
{
    public const ushort Add = 1;
    public const ushort Echo = 2;
    public const ushort Sum = 3;
    public const ushort Count = 4;
    public const ushort Move = 5;
    public const ushort Depth = 6;
    public const ushort CallBack = 7;
    public const ushort Range = 8;
    public const ushort Note = 9;
    public const ushort NoteSync = 10;

    /// <summary>The highest method id; anything above it is an unknown method, which the server answers with UnknownMethod.</summary>
    public const ushort Last = NoteSync;
}
