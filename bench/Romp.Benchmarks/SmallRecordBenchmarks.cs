namespace Romp.Benchmarks;

/// <summary>A small record (<see cref="Small"/>).</summary>
public class SmallRecordBenchmarks() : SerializerBenchmarks<Small?>(SmallFormatter.Instance, Small.Sample(42));
