namespace Romp.Benchmarks;

/// <summary>An object that is mostly strings (<see cref="Document"/>).</summary>
public class StringHeavyBenchmarks() : SerializerBenchmarks<Document?>(DocumentFormatter.Instance, Document.Sample());
