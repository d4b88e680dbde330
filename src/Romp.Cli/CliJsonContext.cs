using System.Text.Json.Serialization;

namespace Romp.Cli;

/// <summary>Source-generated JSON metadata for the strings the tool turns into JSON: no reflection, so the tool trims.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
}
