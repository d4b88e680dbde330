using System.Buffers;

namespace Romp.CompilerServices;

/// <summary>
/// What MemoryPack writes through once the span it was given (the frame's own free space) is full: the rest goes to a
/// buffer rented from <see cref="ArrayPool{T}.Shared"/>, which <see cref="Dispose"/> returns. It only counts the bytes
/// MemoryPack advances over that first span; the caller owns that span and its bytes.
/// </summary>
internal struct SpillBufferWriter : IBufferWriter<byte>
{
    private const int MinimumSpill = 4096;

    private byte[]? _spill;
    private int _spilled;

    /// <summary>Bytes MemoryPack wrote into the span it was given, before it spilled.</summary>
    public int InPlace { get; private set; }

    /// <summary>Bytes MemoryPack wrote after the span it was given was full.</summary>
    public readonly ReadOnlySpan<byte> Spilled => _spill is null ? default : _spill.AsSpan(0, _spilled);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_spill is null)
        {
            InPlace += count;
            return;
        }

        if (count > _spill.Length - _spilled)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Advance past the span GetSpan returned.");
        _spilled += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _spill.AsMemory(_spilled);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _spill.AsSpan(_spilled);
    }

    public void Dispose()
    {
        if (_spill is not null)
        {
            ArrayPool<byte>.Shared.Return(_spill);
            _spill = null;
            _spilled = 0;
        }
    }

    private void Reserve(int sizeHint)
    {
        int wanted = Math.Max(sizeHint, 1);
        if (_spill is null)
        {
            _spill = ArrayPool<byte>.Shared.Rent(Math.Max(wanted, MinimumSpill));
            return;
        }

        if (_spill.Length - _spilled >= wanted)
            return;
        byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(2L * _spill.Length, (long)_spilled + wanted)));
        _spill.AsSpan(0, _spilled).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_spill);
        _spill = larger;
    }
}
