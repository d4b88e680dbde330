using System.Runtime.CompilerServices;
using Romp.Fuzz;
using SharpFuzz;

// Coverage-guided fuzzing of the runtime with SharpFuzz and AFL++; see run-afl.sh, which instruments Romp.Runtime.dll
// and starts afl-fuzz on this program.
//   Romp.Fuzz.Afl frames|session             run under afl-fuzz: one input per run, from AFL's shared memory
//   Romp.Fuzz.Afl frames|session FILE...     replay inputs (AFL's crashes/ or queue/) without AFL; exit 1 on a finding
//   Romp.Fuzz.Afl seeds DIR                  write the recorded conversations to DIR as the seed corpus
//
// The instrumented runtime writes to AFL's shared memory, which Fuzzer.OutOfProcess.Run sets up, so nothing of Romp
// may run before it, module initializers included: the JIT runs those when it compiles a method that uses the module.
// So this top level names no Romp type, and everything that does is a method of its own, never inlined.
if (args.Length >= 2 && args[0] == "seeds")
    return Seeds(args[1]);
if (args.Length < 1 || args[0] is not ("frames" or "session"))
{
    Console.Error.WriteLine("usage: Romp.Fuzz.Afl frames|session [FILE...] | seeds DIR");
    return 2;
}

string target = args[0];
if (args.Length > 1)
    return Replay(target, args[1..]);

// One process runs input after input (SharpFuzz's persistent mode); a FuzzFindingException is what AFL saves as a crash.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    Check(target, copy.ToArray());
});
return 0;

[MethodImpl(MethodImplOptions.NoInlining)]
static void Check(string target, byte[] input)
{
    if (target == "frames")
        CoverageTargets.Frames(input);
    else
        CoverageTargets.Session(input);
}

[MethodImpl(MethodImplOptions.NoInlining)]
static int Replay(string target, string[] files)
{
    int failed = 0;
    foreach (string file in files)
    {
        try
        {
            Check(target, File.ReadAllBytes(file));
        }
        catch (FuzzFindingException finding)
        {
            failed++;
            Console.WriteLine($"{file}:\n{finding.Message}");
        }
    }

    Console.WriteLine($"{files.Length - failed} passed, {failed} failed");
    return failed == 0 ? 0 : 1;
}

[MethodImpl(MethodImplOptions.NoInlining)]
static int Seeds(string directory)
{
    Directory.CreateDirectory(directory);
    foreach ((string name, byte[] bytes) in CoverageTargets.SeedsAsync().GetAwaiter().GetResult())
        File.WriteAllBytes(Path.Combine(directory, name + ".romp"), bytes);
    return 0;
}
