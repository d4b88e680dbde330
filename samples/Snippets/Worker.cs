using System.Diagnostics;

namespace Snippets;

/// <summary>The README's stream seam: a parent process and a worker talking over the worker's stdin and stdout.</summary>
public static class Worker
{
    /// <summary>The worker half: serves a calculator to its parent until the parent hangs up.</summary>
    public static async Task ServeAsync()
    {
        #region README
        // The worker: bind first, then start, so the object is there when the parent's first call arrives.
        await using RompConnection parent = RompConnection.Create(Console.OpenStandardInput(), Console.OpenStandardOutput());
        parent.Bind<ICalculator>("calc", new Calculator());
        await parent.StartAsync();
        await parent.Completion;                                       // until the parent closes the connection
        #endregion
    }

    /// <summary>The parent half: starts this program again as a worker and calls it.</summary>
    public static async Task RunAsync()
    {
        ProcessStartInfo start = SelfAsWorker();
        #region README
        // The parent: start the worker and attach to its standard output and input.
        using Process worker = Process.Start(start)!;                 // RedirectStandardInput and RedirectStandardOutput
        await using (RompConnection connection = await RompConnection.AttachAsync(worker.StandardOutput.BaseStream, worker.StandardInput.BaseStream))
        {
            ICalculator calc = await connection.ResolveAsync<ICalculator>("calc");
            Console.WriteLine($"worker: 1 + 2 = {await calc.AddAsync(1, 2)}");
        }

        await worker.WaitForExitAsync();
        #endregion
    }

    // This same program, with "worker" as its argument; run through the dotnet host when it is a dll.
    private static ProcessStartInfo SelfAsWorker()
    {
        string host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(typeof(Worker).Assembly.Location);
        start.ArgumentList.Add("worker");
        return start;
    }
}
