using MemoryPack;

namespace Romp.MemoryPackTests.Contracts;

/// <summary>A MemoryPack struct: never null, so a null length for it is malformed.</summary>
[MemoryPackable]
public partial struct Point
{
    public int X { get; set; }

    public int Y { get; set; }
}
