namespace Romp.Bench;

/// <summary>The scenario names accepted by --scenario, in the order they run by default.</summary>
internal static class ScenarioNames
{
    public const string Roundtrip = "roundtrip";
    public const string Oneway = "oneway";
    public const string OnewaySync = "oneway-sync";
    public const string Pipelined = "pipelined";
    public const string Bytes64K = "bytes64k";
    public const string Stream = "stream";
    public const string Callback = "callback";
    public const string Refs = "refs";
    public const string RawRoundtrip = "raw-roundtrip";
    public const string RawRoundtripSpin = "raw-roundtrip-spin";
    public const string RawOneway = "raw-oneway";
    public const string RawBytes64K = "raw-bytes64k";

    /// <summary>Romp's own scenarios and the raw floor: what runs without --scenario.</summary>
    public static readonly string[] Default = [Roundtrip, Oneway, OnewaySync, Pipelined, Bytes64K, Stream, Callback, Refs, RawRoundtrip, RawRoundtripSpin, RawOneway, RawBytes64K];

    public static bool IsKnown(string name) => Array.IndexOf(Default, name) >= 0;

    public static bool IsRaw(string name) => name.StartsWith("raw-", StringComparison.Ordinal);
}
