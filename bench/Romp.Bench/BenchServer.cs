using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Romp.Bench.Peers;
using Romp.Bench.Raw;

namespace Romp.Bench;

/// <summary>
/// --server: the Romp server, a second one in the low-latency mode, plus the raw floor's listeners (blocking and busy-polling), and with --peers the peers'
/// servers. Prints <c>listening ENDPOINT</c>, <c>low-latency ENDPOINT</c>, <c>raw ENDPOINT</c>, <c>raw-spin ENDPOINT</c> and, with --peers,
/// <c>grpc URL</c>, <c>jsonrpc ENDPOINT</c>, <c>signalr URL</c>, then answers control lines on stdin (<c>stats</c> →
/// <c>allocated N</c>, <c>gc</c> → <c>ok</c>) until stdin closes or SIGTERM arrives.
/// </summary>
internal static class BenchServer
{
    public const string ObjectName = "bench";

    /// <summary>Set by the parent: Ctrl+C reaches the whole process group, but only the parent decides when its child stops.</summary>
    public const string ChildVariable = "ROMP_BENCH_CHILD";

    public static async Task<int> RunAsync(string endpoint, bool peers, bool noCallContext)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool isChild = Environment.GetEnvironmentVariable(ChildVariable) == "1";
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            if (!isChild)
                stop.TrySetResult();
        });

        using AllocationTracer? tracer = AllocationTracer.StartIfRequested();
        var server = new RompServer(endpoint, new RompServerOptions { FlowCallContext = !noCallContext });
        server.Bind<IBench>(ObjectName, new BenchService(server));
        await server.StartAsync().ConfigureAwait(false);
        var lowLatency = new RompServer(RawEndpointFor(server.Endpoint, ".low-latency"), LowLatency.ServerOptions());
        lowLatency.Bind<IBench>(ObjectName, new BenchService(lowLatency));
        await lowLatency.StartAsync().ConfigureAwait(false);
        PeerServers? peerServers = null;
        try
        {
            using RawServer raw = RawServer.Start(RawEndpointFor(server.Endpoint, ".raw"));
            using RawServer rawSpin = RawServer.Start(RawEndpointFor(server.Endpoint, ".raw-spin"), busyPoll: true);
            if (peers)
                peerServers = await PeerServers.StartAsync().ConfigureAwait(false);
            Console.Out.WriteLine("listening " + server.Endpoint);
            Console.Out.WriteLine("low-latency " + lowLatency.Endpoint);
            Console.Out.WriteLine("raw " + raw.Endpoint);
            Console.Out.WriteLine("raw-spin " + rawSpin.Endpoint);
            if (peerServers is not null)
            {
                Console.Out.WriteLine("grpc " + peerServers.GrpcEndpoint);
                Console.Out.WriteLine("jsonrpc " + peerServers.JsonRpcEndpoint);
                Console.Out.WriteLine("signalr " + peerServers.SignalREndpoint);
            }

            Console.Out.Flush();

            var control = new Thread(() => ControlLoop(stop, tracer)) { IsBackground = true, Name = "control" };
            control.Start();
            await stop.Task.ConfigureAwait(false);
        }
        finally
        {
            if (peerServers is not null)
                await peerServers.DisposeAsync().ConfigureAwait(false);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await server.StopAsync(patience.Token).ConfigureAwait(false);
            await lowLatency.StopAsync(patience.Token).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>
    /// A raw listener sits next to the Romp one: same host on a free port, or a sibling socket file whose name adds
    /// <paramref name="suffix"/> (".raw": romp-bench-1.sock → romp-bench-1.raw.sock).
    /// </summary>
    private static string RawEndpointFor(string rompEndpoint, string suffix)
    {
        if (rompEndpoint.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            return rompEndpoint.EndsWith(".sock", StringComparison.Ordinal)
                ? string.Concat(rompEndpoint.AsSpan(0, rompEndpoint.Length - ".sock".Length), suffix, ".sock")
                : rompEndpoint + suffix;
        }

        var ip = (IPEndPoint)RawEndpoint.Parse(rompEndpoint);
        return RawEndpoint.Format(new IPEndPoint(ip.Address, 0));
    }

    // A thread of its own: a blocking read of stdin must not hold a pool thread the server needs.
    private static void ControlLoop(TaskCompletionSource stop, AllocationTracer? tracer)
    {
        try
        {
            string? line;
            while ((line = Console.In.ReadLine()) is not null)
            {
                switch (line.Trim())
                {
                    case "stats":
                        // Sampled before the reply is formatted, so the reply's own allocations fall outside the interval.
                        long allocated = GC.GetTotalAllocatedBytes(precise: true);
                        Console.Out.WriteLine("allocated " + allocated.ToString(CultureInfo.InvariantCulture));
                        if (tracer is not null)
                            Console.Error.Write(tracer.TakeSummary("server, since the last sample"));
                        break;
                    case "gc":
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                        GC.Collect();
                        Console.Out.WriteLine("ok");
                        break;
                    case "stop":
                        return;
                    case "":
                        break;
                    default:
                        Console.Out.WriteLine("error unknown command: " + line);
                        break;
                }

                Console.Out.Flush();
            }
        }
        catch (IOException)
        {
            // stdin went away with the parent: stop.
        }
        finally
        {
            stop.TrySetResult();
        }
    }
}
