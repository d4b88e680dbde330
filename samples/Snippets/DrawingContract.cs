namespace Snippets;

#region README
[RompSerializable]
[RompUnion(0, typeof(Circle))]                                     // a tag per case, stable for good
[RompUnion(1, typeof(Rectangle))]
public abstract record Shape(string Name);

[RompSerializable] public sealed record Circle(string Name, double Radius) : Shape(Name);
[RompSerializable] public sealed record Rectangle(string Name, double Width, double Height) : Shape(Name);

[RompObject]
public interface IDrawing
{
    ValueTask<double> AreaAsync(Shape shape);                      // any case, received as its own type
    ValueTask<List<Shape>> ShapesAsync();
}
#endregion

/// <summary>The README's union example: the server sees each shape as the type it was sent as.</summary>
public sealed class Drawing : IDrawing
{
    public ValueTask<double> AreaAsync(Shape shape) => new(shape switch
    {
        Circle circle => Math.PI * circle.Radius * circle.Radius,
        Rectangle rectangle => rectangle.Width * rectangle.Height,
        _ => throw new ArgumentException($"Unknown shape {shape.GetType().Name}.", nameof(shape)),
    });

    public ValueTask<List<Shape>> ShapesAsync() => new([new Circle("sun", 1), new Rectangle("door", 1, 2)]);
}
