using System.Buffers;

namespace Romp.Internal;

/// <summary>
/// A growable buffer of pooled segments that keeps bytes in the order they were advanced. It holds the frames written
/// while a flush is in progress, until the flusher moves them to the real output. Not thread-safe: its owner locks.
/// </summary>
internal sealed class SegmentedBuffer : IBufferWriter<byte>
{
    private const int SegmentSize = 64 * 1024;

    private readonly List<(byte[] Array, int Length)> _full = new();
    private byte[]? _current;
    private int _currentLength;
    private byte[]? _replaced; // an empty segment given up for a larger one: its caller may still copy from it until it advances

    /// <summary>True when nothing has been advanced since the last <see cref="MoveTo"/>.</summary>
    public bool IsEmpty => _full.Count == 0 && _currentLength == 0;

    public void Advance(int count)
    {
        if (_current is null || (uint)count > (uint)(_current.Length - _currentLength))
            throw new ArgumentOutOfRangeException(nameof(count));
        _currentLength += count;
        ReturnReplaced();
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => EnsureRoom(sizeHint).AsMemory(_currentLength);

    public Span<byte> GetSpan(int sizeHint = 0) => EnsureRoom(sizeHint).AsSpan(_currentLength);

    /// <summary>Copies everything into <paramref name="output"/> (without advancing past what was copied) and empties this buffer.</summary>
    public void MoveTo(IBufferWriter<byte> output)
    {
        foreach ((byte[] array, int length) in _full)
        {
            output.Write(array.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(array);
        }

        _full.Clear();
        if (_current is not null)
        {
            output.Write(_current.AsSpan(0, _currentLength));
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
            _currentLength = 0;
        }

        ReturnReplaced();
    }

    /// <summary>Returns every segment to the pool, dropping what they hold.</summary>
    public void Clear()
    {
        foreach ((byte[] array, _) in _full)
            ArrayPool<byte>.Shared.Return(array);
        _full.Clear();
        if (_current is not null)
            ArrayPool<byte>.Shared.Return(_current);
        _current = null;
        _currentLength = 0;
        ReturnReplaced();
    }

    private byte[] EnsureRoom(int sizeHint)
    {
        int wanted = Math.Max(sizeHint, 1);
        if (_current is not null && _current.Length - _currentLength >= wanted)
            return _current;
        if (_current is not null && _currentLength > 0)
        {
            _full.Add((_current, _currentLength));
        }
        else if (_current is not null)
        {
            // A writer that asks for a larger span copies what it wrote into this one over to the new one first.
            ReturnReplaced();
            _replaced = _current;
        }
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(wanted, SegmentSize));
        _currentLength = 0;
        return _current;
    }

    private void ReturnReplaced()
    {
        if (_replaced is { } replaced)
        {
            _replaced = null;
            ArrayPool<byte>.Shared.Return(replaced);
        }
    }
}
