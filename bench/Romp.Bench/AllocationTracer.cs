using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace Romp.Bench;

/// <summary>
/// Which types a process allocates, sampled from the runtime's GCAllocationTick events (one per ~100 KB allocated).
/// Off unless <c>ROMP_BENCH_TRACE_ALLOCATIONS=1</c>: listening allocates, so it would disturb the B/op it explains.
/// It answers "what allocates?" without dotnet-trace or dotnet-counters.
/// </summary>
internal sealed class AllocationTracer : EventListener
{
    public const string Variable = "ROMP_BENCH_TRACE_ALLOCATIONS";

    private const EventKeywords GCKeyword = (EventKeywords)0x1;

    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    private AllocationTracer()
    {
    }

    /// <summary>A tracer when the environment asks for one, else null.</summary>
    public static AllocationTracer? StartIfRequested() =>
        Environment.GetEnvironmentVariable(Variable) == "1" ? new AllocationTracer() : null;

    /// <summary>The sampled bytes per type since the last call, largest first, and starts counting afresh.</summary>
    public string TakeSummary(string title, int top = 12)
    {
        KeyValuePair<string, long>[] entries;
        lock (_bytesByType)
        {
            entries = _bytesByType.ToArray();
            _bytesByType.Clear();
        }

        Array.Sort(entries, static (a, b) => b.Value.CompareTo(a.Value));
        long total = 0;
        foreach (KeyValuePair<string, long> entry in entries)
            total += entry.Value;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[allocations] {title}: ~{total:N0} bytes sampled").AppendLine();
        for (int i = 0; i < Math.Min(top, entries.Length); i++)
            text.Append(CultureInfo.InvariantCulture, $"[allocations]   {entries[i].Value,14:N0}  {entries[i].Key}").AppendLine();
        return text.ToString();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(eventSource, EventLevel.Verbose, GCKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || eventData.PayloadNames is null || eventData.Payload is null)
            return;
        int typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (amountIndex < 0)
            amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount");
        if (typeIndex < 0 || amountIndex < 0)
            return;
        string type = eventData.Payload[typeIndex] as string ?? "?";
        long amount = Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture);
        lock (_bytesByType)
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
    }
}
