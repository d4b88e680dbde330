using MemoryPack;

namespace Romp.MemoryPackTests.Contracts;

/// <summary>A value larger than a pipe's buffer segment, so it is written past the frame's first span and read across segments.</summary>
[MemoryPackable]
public sealed partial class Blob
{
    public byte[] Data { get; set; } = [];

    public string Text { get; set; } = "";

    public static Blob Of(int size) => new()
    {
        Data = Enumerable.Range(0, size).Select(static i => (byte)(i * 31)).ToArray(),
        Text = string.Concat(Enumerable.Range(0, size / 16).Select(static i => "ünïcødé-" + (i % 10))),
    };
}
