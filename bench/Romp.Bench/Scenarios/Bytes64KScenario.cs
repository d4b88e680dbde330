namespace Romp.Bench.Scenarios;

/// <summary>One caller echoing a 64 KiB byte[] at a time. The rate is payload megabytes (10^6) per second, each way.</summary>
internal sealed class Bytes64KScenario(string endpoint) : RompScenario(ScenarioNames.Bytes64K, "MB/s", endpoint)
{
    public const int Size = 64 * 1024;

    private readonly byte[] _data = CreateData();

    public override double Rate(RunResult run) => MegabytesPerSecond(run);

    public override ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken) =>
        RunCallLoopAsync((Bench, Data: _data), static (state, _) => state.Bench.EchoBytesAsync(state.Data),
            static (state, call, echoed) => IsEcho(echoed, state.Data, call), seconds, recorders[0], cancellationToken);

    /// <summary>Payload megabytes (10^6) per second, each way: the rate of every 64 KiB echo, Romp's, the peers' and the floor's.</summary>
    public static double MegabytesPerSecond(RunResult run) => run.Operations * (double)Size / run.Seconds / 1_000_000;

    /// <summary>
    /// Spot checks of an echo, the same for every 64 KiB echo so that each does the same work: comparing all 64 KiB
    /// would add a measurable cost to what is measured.
    /// </summary>
    public static bool IsEcho(ReadOnlySpan<byte> echoed, byte[] sent, int call) =>
        echoed.Length == Size && echoed[call & (Size - 1)] == sent[call & (Size - 1)] && echoed[Size - 1] == sent[Size - 1];

    /// <summary>The payload both bytes64k and raw-bytes64k send: 64 KiB of seeded random bytes.</summary>
    public static byte[] CreateData()
    {
        byte[] data = new byte[Size];
        new Random(42).NextBytes(data);
        return data;
    }
}
