using Spectre.Console;

namespace Romp.Cli;

/// <summary>Whether live displays (ping's histogram, bench's progress bar) can be drawn: a terminal that is not redirected.</summary>
internal static class Terminal
{
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}
