using Romp.Fuzz;

// The fuzzer's long mode: `dotnet run -c Release --project tests/Romp.Fuzz -- --minutes 10 --seed 1`. Exits 1 on any
// violation, 2 on bad options. The runtime tests run a bounded pass of the same engine with a fixed seed.
FuzzOptions options;
try
{
    options = FuzzOptions.Parse(args);
}
catch (Exception error) when (error is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"romp-fuzz: {error.Message}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (options.Replay is { } index)
{
    (string context, byte[] bytes, FuzzFindings found) = await FuzzRunner.ReplayAsync(options.Seed, index, cancel.Token);
    Console.WriteLine(context);
    Console.WriteLine(Convert.ToHexString(bytes));
    Console.Write(found.IsEmpty ? "no violation\n" : found.ToString());
    return found.IsEmpty ? 0 : 1;
}

FuzzReport report = await FuzzRunner.RunAsync(options, cancel.Token);
Console.Write(report);
return report.Passed ? 0 : 1;
