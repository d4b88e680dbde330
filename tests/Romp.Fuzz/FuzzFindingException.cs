namespace Romp.Fuzz;

/// <summary>An input broke one of the rules the fuzzer checks; the message lists the findings.</summary>
public sealed class FuzzFindingException : Exception
{
    /// <summary>Creates the exception with the findings as its message.</summary>
    public FuzzFindingException(string findings)
        : base(findings)
    {
    }
}
