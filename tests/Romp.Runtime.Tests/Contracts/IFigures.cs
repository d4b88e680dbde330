namespace Romp.Tests.Contracts;

/// <summary>A closed union: circles, squares and polygons, the last a nested union of its own.</summary>
[RompSerializable]
[RompUnion(0, typeof(Circle))]
[RompUnion(1, typeof(Square))]
[RompUnion(2, typeof(Polygon))]
public abstract record Figure(string Name);

[RompSerializable]
public sealed record Circle(string Name, double Radius) : Figure(Name);

/// <summary>Not sealed: a subclass of it is no Square, and must not travel as one.</summary>
[RompSerializable]
public record Square(string Name, double Side) : Figure(Name);

[RompSerializable]
[RompUnion(0, typeof(Triangle))]
[RompUnion(1, typeof(Quad))]
public abstract record Polygon(string Name, int Corners) : Figure(Name);

[RompSerializable]
public sealed record Triangle(string Name) : Polygon(Name, 3);

/// <summary>Holds another figure: a union inside a case of the union.</summary>
[RompSerializable]
public sealed record Quad(string Name, Figure? Inner) : Polygon(Name, 4);

/// <summary>A Square's subclass that no union lists (and is no [RompSerializable] type): the sender must refuse it.</summary>
public sealed record FramedSquare(string Name, double Side, string Frame) : Square(Name, Side);

/// <summary>A polygon that Polygon does not list.</summary>
public sealed record Hexagon(string Name) : Polygon(Name, 6);

/// <summary>A concrete, non-sealed record: a subclass sent as one would be sliced.</summary>
[RompSerializable]
public record Label(string Text);

public sealed record ColoredLabel(string Text, string Color) : Label(Text);

[RompSerializable]
public sealed record Sketch(List<Figure> Figures, Figure? Focus);

/// <summary>Unions in every position: parameter, result, record member, list element, stream item.</summary>
[RompObject]
public interface IFigures
{
    ValueTask<Figure?> EchoAsync(Figure? figure);

    ValueTask<Sketch> EchoSketchAsync(Sketch sketch);

    ValueTask<Label> EchoLabelAsync(Label label);

    IAsyncEnumerable<Figure> StreamAsync(int count);

    /// <summary>Returns a figure no union lists: the server's write fails.</summary>
    ValueTask<Figure> HexagonAsync();

    ValueTask<int> CallsAsync();
}

public sealed class Figures : IFigures
{
    private int _calls;

    public ValueTask<Figure?> EchoAsync(Figure? figure) => Count(figure);

    public ValueTask<Sketch> EchoSketchAsync(Sketch sketch) => Count(sketch);

    public ValueTask<Label> EchoLabelAsync(Label label) => Count(label);

    public async IAsyncEnumerable<Figure> StreamAsync(int count)
    {
        Interlocked.Increment(ref _calls);
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i % 2 == 0 ? new Circle("c" + i, i) : new Quad("q" + i, new Triangle("t" + i));
        }
    }

    public ValueTask<Figure> HexagonAsync() => Count<Figure>(new Hexagon("hex"));

    public ValueTask<int> CallsAsync() => new(Volatile.Read(ref _calls));

    private ValueTask<T> Count<T>(T value)
    {
        Interlocked.Increment(ref _calls);
        return new(value);
    }
}
