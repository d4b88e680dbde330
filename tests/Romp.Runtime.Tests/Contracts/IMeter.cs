namespace Romp.Tests.Contracts;

/// <summary>Returns a value whose own validation can reject what a peer sent.</summary>
[RompObject]
public interface IMeter
{
    ValueTask<Reading> ReadAsync();
}

[RompSerializable]
public sealed class Reading
{
    private readonly int _value;

    /// <summary>Never negative: the setter throws, as validating DTOs do.</summary>
    public int Value
    {
        get => _value;
        init => _value = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A reading is never negative.");
    }
}
