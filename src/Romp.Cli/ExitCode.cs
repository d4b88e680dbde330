namespace Romp.Cli;

/// <summary>What the process exits with, so scripts can tell failures apart (README, "The romp command-line tool").</summary>
internal static class ExitCode
{
    public const int Success = 0;

    /// <summary>The command line itself is wrong (System.CommandLine's own code for a parse error).</summary>
    public const int Usage = 1;

    /// <summary>The endpoint could not be reached, or the connection broke.</summary>
    public const int Unreachable = 2;

    /// <summary>The server refused: its describe service is off, its credentials check or a policy said no.</summary>
    public const int Refused = 3;

    /// <summary>No such name, or no such method.</summary>
    public const int NotFound = 4;

    /// <summary>The arguments are not valid JSON for the method's parameters, or the method cannot be called from JSON.</summary>
    public const int BadArguments = 5;

    /// <summary>The call reached the object and failed there (it threw), or failed in another way.</summary>
    public const int CallFailed = 6;
}
