namespace Romp.Fuzz.Target;

/// <summary>A small record, nested inside <see cref="Shape"/>.</summary>
/// <param name="X">The horizontal coordinate.</param>
/// <param name="Y">The vertical coordinate.</param>
[RompSerializable]
public sealed record Point(int X, int Y);
