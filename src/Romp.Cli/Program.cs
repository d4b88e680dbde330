using System.CommandLine;
using Romp.Cli;

// romp: ls, describe, call, ping and bench against a Romp server (docs: README, "The romp command-line tool").
RootCommand root = RompCommands.Create();
return await root.Parse(args).InvokeAsync();
