namespace Romp.Benchmarks;

/// <summary>A record with a list of 100 small records (<see cref="Basket"/>).</summary>
public class ListOfRecordsBenchmarks() : SerializerBenchmarks<Basket?>(BasketFormatter.Instance, Basket.Sample());
