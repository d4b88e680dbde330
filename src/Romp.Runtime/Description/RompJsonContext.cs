using System.Text.Json.Serialization;

namespace Romp.Description;

/// <summary>Source-generated JSON metadata for the few values the codec serializes with <c>JsonSerializer</c>: no reflection.</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class RompJsonContext : JsonSerializerContext
{
}
