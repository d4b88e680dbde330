namespace Romp.Fuzz.Wire;

/// <summary>What <see cref="WireParser"/> found: the complete frames in order, and why and where it stopped.</summary>
internal sealed class WireParse
{
    public WireParse(List<WireFrame> frames, WireStop stop, int stopOffset)
    {
        Frames = frames;
        Stop = stop;
        StopOffset = stopOffset;
    }

    public List<WireFrame> Frames { get; }

    public WireStop Stop { get; }

    /// <summary>Where the first byte not part of a complete frame is.</summary>
    public int StopOffset { get; }
}
