namespace Romp.Fuzz.Target;

/// <summary>The client's side of <see cref="IFuzzCallback"/>: answers value + 1.</summary>
internal sealed class FuzzCallback : IFuzzCallback
{
    public ValueTask<int> ReportAsync(int value) => new(unchecked(value + 1));
}
