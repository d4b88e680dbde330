namespace Snippets;

/// <summary>The README's union example, on an in-process connection.</summary>
public static class Unions
{
    public static async Task RunAsync()
    {
        await using var server = new RompServer("inproc://drawing");
        server.Bind<IDrawing>("drawing", new Drawing());
        await server.StartAsync();
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);
        IDrawing drawing = await client.ResolveAsync<IDrawing>("drawing");

        #region README
        double area = await drawing.AreaAsync(new Rectangle("door", 1, 2));   // the server gets a Rectangle
        foreach (Shape shape in await drawing.ShapesAsync())
            Console.WriteLine(shape);                                          // Circle { ... }, Rectangle { ... }
        #endregion
        Console.WriteLine($"area: {area}");
    }
}
