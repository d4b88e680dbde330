using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Romp.Generators.Parsing;

/// <summary>
/// The well-known types the parsers compare against, resolved once per transform. A type missing from the compilation
/// (an older target framework) stays <see langword="null"/> and simply never matches.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation)
    {
        Compilation = compilation;
        RompObjectAttribute = Get(KnownNames.RompObjectAttribute);
        RompSerializableAttribute = Get(KnownNames.RompSerializableAttribute);
        OnewayAttribute = Get(KnownNames.OnewayAttribute);
        IdempotentAttribute = Get(KnownNames.IdempotentAttribute);
        RompIdAttribute = Get(KnownNames.RompIdAttribute);
        RompReservedAttribute = Get(KnownNames.RompReservedAttribute);
        RompUnionAttribute = Get(KnownNames.RompUnionAttribute);
        RompGeneratedFormatterAttribute = Get(KnownNames.RompGeneratedFormatterAttribute);
        RompFaultAttribute = Get(KnownNames.RompFaultAttribute);
        Exception = Get("System.Exception");
        RompIgnoreAttribute = Get(KnownNames.RompIgnoreAttribute);
        Task = Get("System.Threading.Tasks.Task");
        TaskOfT = Get("System.Threading.Tasks.Task`1");
        ValueTask = Get("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = Get("System.Threading.Tasks.ValueTask`1");
        AsyncEnumerable = Get("System.Collections.Generic.IAsyncEnumerable`1");
        CancellationToken = Get("System.Threading.CancellationToken");
        AsyncDisposable = Get("System.IAsyncDisposable");
        Guid = Get("System.Guid");
        DateTimeOffset = Get("System.DateTimeOffset");
        TimeSpan = Get("System.TimeSpan");
        DateOnly = Get("System.DateOnly");
        TimeOnly = Get("System.TimeOnly");
        Half = Get("System.Half");
        Int128 = Get("System.Int128");
        UInt128 = Get("System.UInt128");
        ReadOnlyMemory = Get("System.ReadOnlyMemory`1");
        Memory = Get("System.Memory`1");
        List = Get("System.Collections.Generic.List`1");
        IList = Get("System.Collections.Generic.IList`1");
        ICollection = Get("System.Collections.Generic.ICollection`1");
        IReadOnlyList = Get("System.Collections.Generic.IReadOnlyList`1");
        IReadOnlyCollection = Get("System.Collections.Generic.IReadOnlyCollection`1");
        IEnumerable = Get("System.Collections.Generic.IEnumerable`1");
        HashSet = Get("System.Collections.Generic.HashSet`1");
        ISet = Get("System.Collections.Generic.ISet`1");
        IReadOnlySet = Get("System.Collections.Generic.IReadOnlySet`1");
        Dictionary = Get("System.Collections.Generic.Dictionary`2");
        IDictionary = Get("System.Collections.Generic.IDictionary`2");
        IReadOnlyDictionary = Get("System.Collections.Generic.IReadOnlyDictionary`2");
        MemoryPackValueFormatter = Get(KnownNames.MemoryPackValueFormatter);
        Stream = Get("System.IO.Stream");
        PipeReader = Get("System.IO.Pipelines.PipeReader");
        IProgress = Get("System.IProgress`1");
        Progress = Get("System.Progress`1");
        IObservable = Get("System.IObservable`1");
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol? RompObjectAttribute { get; }
    public INamedTypeSymbol? RompSerializableAttribute { get; }
    public INamedTypeSymbol? OnewayAttribute { get; }
    public INamedTypeSymbol? IdempotentAttribute { get; }
    public INamedTypeSymbol? RompIdAttribute { get; }
    public INamedTypeSymbol? RompReservedAttribute { get; }
    public INamedTypeSymbol? RompUnionAttribute { get; }
    public INamedTypeSymbol? RompGeneratedFormatterAttribute { get; }
    public INamedTypeSymbol? RompFaultAttribute { get; }
    public INamedTypeSymbol? Exception { get; }
    public INamedTypeSymbol? RompIgnoreAttribute { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? AsyncEnumerable { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? AsyncDisposable { get; }
    public INamedTypeSymbol? Guid { get; }
    public INamedTypeSymbol? DateTimeOffset { get; }
    public INamedTypeSymbol? TimeSpan { get; }
    public INamedTypeSymbol? DateOnly { get; }
    public INamedTypeSymbol? TimeOnly { get; }
    public INamedTypeSymbol? Half { get; }
    public INamedTypeSymbol? Int128 { get; }
    public INamedTypeSymbol? UInt128 { get; }
    public INamedTypeSymbol? ReadOnlyMemory { get; }
    public INamedTypeSymbol? Memory { get; }
    public INamedTypeSymbol? List { get; }
    public INamedTypeSymbol? IList { get; }
    public INamedTypeSymbol? ICollection { get; }
    public INamedTypeSymbol? IReadOnlyList { get; }
    public INamedTypeSymbol? IReadOnlyCollection { get; }
    public INamedTypeSymbol? IEnumerable { get; }
    public INamedTypeSymbol? HashSet { get; }
    public INamedTypeSymbol? ISet { get; }
    public INamedTypeSymbol? IReadOnlySet { get; }
    public INamedTypeSymbol? Dictionary { get; }
    public INamedTypeSymbol? IDictionary { get; }
    public INamedTypeSymbol? IReadOnlyDictionary { get; }

    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? PipeReader { get; }
    public INamedTypeSymbol? IProgress { get; }
    public INamedTypeSymbol? Progress { get; }
    public INamedTypeSymbol? IObservable { get; }
    /// <summary>
    /// For each <c>[RompSerializable]</c> type of this compilation met so far in this transform, the ids of the errors that
    /// keep it from getting a formatter, or an empty string when it gets one (also while its own members are being checked,
    /// so that a type that contains itself is not checked forever).
    /// </summary>
    public Dictionary<INamedTypeSymbol, string> SerializableErrors { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>Romp.MemoryPack's formatter; <see langword="null"/> when the compilation does not reference Romp.MemoryPack.</summary>
    public INamedTypeSymbol? MemoryPackValueFormatter { get; }

    public static KnownSymbols Create(Compilation compilation) => new(compilation);

    /// <summary>Whether <paramref name="type"/> is <paramref name="known"/> (or a construction of it).</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>
    /// Whether <paramref name="type"/> is <c>System.Action</c>, <c>System.Action&lt;...&gt;</c> or <c>System.Func&lt;...&gt;</c>
    /// of the core library, not a same-named type declared elsewhere.
    /// </summary>
    public bool IsActionOrFunc(INamedTypeSymbol type) =>
        type.Name is "Action" or "Func" &&
        type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true } &&
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, Get("System." + type.MetadataName));

    private INamedTypeSymbol? Get(string metadataName) => Compilation.GetTypeByMetadataName(metadataName);
}
