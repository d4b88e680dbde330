namespace Romp.Fuzz.Target;

/// <summary>A record holding a nested record and a list of them.</summary>
/// <param name="Name">The shape's name.</param>
/// <param name="Origin">Where the shape starts.</param>
/// <param name="Corners">The shape's corners.</param>
[RompSerializable]
public sealed record Shape(string? Name, Point? Origin, List<Point>? Corners);
