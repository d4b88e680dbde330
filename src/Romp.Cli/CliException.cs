namespace Romp.Cli;

/// <summary>A failure the tool reports in one line on standard error, exiting with <see cref="Code"/>.</summary>
internal sealed class CliException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
