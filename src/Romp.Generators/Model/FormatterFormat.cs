namespace Romp.Generators.Model;

/// <summary>
/// The version of the encoding generated formatters write. Each formatter carries it in its
/// <c>[RompGeneratedFormatter]</c> mark, and a project refuses a referenced assembly's formatter of another version, so
/// two assemblies built by generators that encode differently fail to compile together instead of mis-reading each
/// other. Raise it with any change to what a generated formatter writes.
/// </summary>
internal static class FormatterFormat
{
    public const int Version = 1;
}
