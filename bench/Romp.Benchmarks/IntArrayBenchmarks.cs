using Romp.CompilerServices;

namespace Romp.Benchmarks;

/// <summary>An array of 1,000 ints, with the formatter the generator picks for <c>int[]</c>.</summary>
public class IntArrayBenchmarks() : SerializerBenchmarks<int[]?>(
    new UnmanagedArrayFormatter<int>(RompFormatters.Int32), Enumerable.Range(0, 1_000).Select(static i => i * 7919).ToArray());
