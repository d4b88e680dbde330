namespace Romp.Fuzz.Target;

/// <summary>The object a client hands to <see cref="IFuzzTarget.CallBackAsync"/>; the server calls it back.</summary>
[RompObject]
public interface IFuzzCallback
{
    /// <summary>Answers the server's call back.</summary>
    ValueTask<int> ReportAsync(int value);
}
