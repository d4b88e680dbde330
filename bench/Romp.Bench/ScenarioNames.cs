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
    public const string RawOneway = "raw-oneway";

    public static readonly string[] All = [Roundtrip, Oneway, OnewaySync, Pipelined, Bytes64K, Stream, Callback, Refs, RawRoundtrip, RawOneway];

    public static bool IsRaw(string name) => name.StartsWith("raw-", StringComparison.Ordinal);
}
