using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using MemoryPack;
using Romp.CompilerServices;

namespace Romp.Benchmarks;

/// <summary>
/// Serialize and deserialize one <typeparamref name="T"/> with Romp's formatter, with MemoryPack (the baseline of each
/// category), and with MemoryPack inside a Romp payload (Romp.MemoryPack: Romp's length prefix around MemoryPack's
/// bytes). Every writer writes into a reused buffer, so serializing allocates nothing; deserializing allocates the
/// objects it creates. The minimum is shown beside the mean: on a machine shared with other work it is the steadier
/// figure of the two.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public abstract class SerializerBenchmarks<T>
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly IRompFormatter<T> _romp;
    private readonly T _value;
    private byte[] _rompBytes = [];
    private byte[] _memoryPackBytes = [];
    private byte[] _wrappedBytes = [];

    protected SerializerBenchmarks(IRompFormatter<T> romp, T value)
    {
        _romp = romp;
        _value = value;
    }

    [GlobalSetup]
    public void Setup()
    {
        _rompBytes = RompSerializer.Serialize(_value, _romp);
        _memoryPackBytes = MemoryPackSerializer.Serialize(_value);
        _wrappedBytes = RompSerializer.Serialize(_value, MemoryPackValueFormatter<T>.Instance);
    }

    [Benchmark]
    [BenchmarkCategory("Serialize")]
    public int Romp()
    {
        _output.ResetWrittenCount();
        RompSerializer.Serialize(_output, _value, _romp);
        return _output.WrittenCount;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Serialize")]
    public int MemoryPack()
    {
        _output.ResetWrittenCount();
        MemoryPackSerializer.Serialize(_output, _value);
        return _output.WrittenCount;
    }

    [Benchmark]
    [BenchmarkCategory("Serialize")]
    public int RompMemoryPack()
    {
        _output.ResetWrittenCount();
        RompSerializer.Serialize(_output, _value, MemoryPackValueFormatter<T>.Instance);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "Romp")]
    [BenchmarkCategory("Deserialize")]
    public T ReadRomp() => RompSerializer.Deserialize(_rompBytes, _romp);

    [Benchmark(Baseline = true, Description = "MemoryPack")]
    [BenchmarkCategory("Deserialize")]
    public T? ReadMemoryPack() => MemoryPackSerializer.Deserialize<T>(_memoryPackBytes);

    [Benchmark(Description = "RompMemoryPack")]
    [BenchmarkCategory("Deserialize")]
    public T ReadRompMemoryPack() => RompSerializer.Deserialize(_wrappedBytes, MemoryPackValueFormatter<T>.Instance);
}
