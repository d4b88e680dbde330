using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Emit;

namespace Romp.Generators.Tests.Support;

/// <summary>
/// Compiles versions of a contract's source with the generator and loads each into a collectible
/// <see cref="AssemblyLoadContext"/> of its own, so that two versions of one type live side by side in a test, as in two
/// processes; Romp.Runtime is shared from the default context, as a process has one. Disposing unloads them.
/// </summary>
internal sealed class VersionContexts : IDisposable
{
    // A source compiles to the same image every time: test cases that load it again skip the compilation.
    private static readonly ConcurrentDictionary<string, byte[]> s_images = new();

    private readonly List<AssemblyLoadContext> _contexts = [];

    /// <summary>Loads <paramref name="sources"/>, compiled with their generated code, in a new context named <paramref name="name"/>.</summary>
    /// <param name="name">The context's name, for diagnostics.</param>
    /// <param name="assemblyName">The assembly's name; null keeps the harness's, so that two versions share one identity.</param>
    /// <param name="sources">The version's source files.</param>
    public Assembly Load(string name, string? assemblyName, params string[] sources)
    {
        string key = (assemblyName ?? "") + "\0" + string.Join("\0", sources);
        byte[] image = s_images.GetOrAdd(key, _ =>
        {
            GeneratorOutput output = GeneratorHarness.Run(sources);
            using var stream = new MemoryStream();
            EmitResult result = (assemblyName is null ? output.Compilation : output.Compilation.WithAssemblyName(assemblyName)).Emit(stream);
            Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
            return stream.ToArray();
        });
        var context = new AssemblyLoadContext(name, isCollectible: true);
        _contexts.Add(context);
        return context.LoadFromStream(new MemoryStream(image));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (AssemblyLoadContext context in _contexts)
            context.Unload();
        _contexts.Clear();
    }
}
