using System.Globalization;
using Romp.StdioPeer;

// A child process for the runtime tests, in one of four modes chosen by its arguments: none, a Romp peer on its own
// standard streams (StdioMode); `serve ENDPOINT`, a server (ServeMode); `telemetry ENDPOINT`, a server whose traces and
// metrics OpenTelemetry exports to memory (TelemetryMode); `client ENDPOINT [COUNT]`, a client that holds references and
// hangs in a call (ClientMode). Every mode ends when standard input does, so it never outlives its test.
return args switch
{
    [] => await StdioMode.RunAsync(),
    ["serve", string endpoint] => await ServeMode.RunAsync(endpoint),
    ["telemetry", string endpoint] => await TelemetryMode.RunAsync(endpoint),
    ["client", string endpoint] => await ClientMode.RunAsync(endpoint, 1000),
    ["client", string endpoint, string count] => await ClientMode.RunAsync(endpoint, int.Parse(count, CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Romp.StdioPeer [serve ENDPOINT | telemetry ENDPOINT | client ENDPOINT [COUNT]]");
    return 1;
}
