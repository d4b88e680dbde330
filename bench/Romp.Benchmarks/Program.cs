using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Romp.Benchmarks -- --filter '*' [--job short]; see README.md beside this file.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
