using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Romp.Telemetry;

/// <summary>
/// The open connections of this process, for the observed instruments (<c>romp.connections.active</c>,
/// <c>romp.references.*</c>, <c>romp.oneways.queued</c>): they are read when a listener collects, so they cost the calls
/// nothing, and a listener that starts late still sees the truth. Entered when a connection's handshake is done and left
/// when it closes, which costs one lock each, whether anyone listens or not.
/// </summary>
internal static class LiveConnections
{
    private static readonly int Transports = ConnectionTelemetry.TransportNames.Length;
    private static readonly int Roles = ConnectionTelemetry.RoleNames.Length;
    private const int Unopened = 0, Open = 1, Closed = 2;

    private static readonly object s_gate = new();
    private static readonly HashSet<ConnectionTelemetry> s_open = new(ReferenceEqualityComparer.Instance); // guarded by s_gate

    // The series each instrument has reported, as bit sets: a series is reported from the first collection that finds a
    // connection it covers, and from then on at zero too, so that its last value is never left standing. Set by the
    // callbacks, with Interlocked.Or.
    private static int s_activeSeen;
    private static int s_exportedSeen;
    private static int s_importedSeen;
    private static int s_onewaysSeen;

    public static void Add(ConnectionTelemetry connection)
    {
        lock (s_gate)
        {
            if (connection.State != Unopened)
                return; // closed before it could be entered: it never counts
            connection.State = Open;
            connection.OpenedAt = Stopwatch.GetTimestamp();
            s_open.Add(connection);
        }
    }

    /// <summary>True for the one call that closed an open connection, with when it opened.</summary>
    public static bool Remove(ConnectionTelemetry connection, out long openedAt)
    {
        lock (s_gate)
        {
            openedAt = connection.OpenedAt;
            int state = connection.State;
            connection.State = Closed;
            return state == Open && s_open.Remove(connection);
        }
    }

    public static IEnumerable<Measurement<long>> ObserveActive()
    {
        var counts = new long[Transports * Roles];
        int present = 0;
        foreach (ConnectionTelemetry connection in Snapshot())
        {
            int series = connection.TransportIndex * Roles + connection.RoleIndex;
            counts[series]++;
            present |= 1 << series;
        }

        int seen = Interlocked.Or(ref s_activeSeen, present) | present;
        var measurements = new List<Measurement<long>>();
        for (int i = 0; i < counts.Length; i++)
        {
            if ((seen & (1 << i)) == 0)
                continue;
            var tags = new TagList
            {
                { RompInstruments.NetworkTransport, ConnectionTelemetry.TransportNames[i / Roles] },
                { RompInstruments.ConnectionRole, ConnectionTelemetry.RoleNames[i % Roles] },
            };
            measurements.Add(new Measurement<long>(counts[i], tags));
        }

        return measurements;
    }

    public static IEnumerable<Measurement<long>> ObserveExported() => ByTransport(ref s_exportedSeen, static c => c.Connection.Exports.Count);

    public static IEnumerable<Measurement<long>> ObserveImported() => ByTransport(ref s_importedSeen, static c => c.Connection.Imports.Count);

    public static IEnumerable<Measurement<long>> ObserveQueuedOneways() => ByTransport(ref s_onewaysSeen, static c => c.Connection.QueuedOneways);

    private static List<Measurement<long>> ByTransport(ref int seenSeries, Func<ConnectionTelemetry, int> count)
    {
        var counts = new long[Transports];
        int present = 0;
        foreach (ConnectionTelemetry connection in Snapshot())
        {
            counts[connection.TransportIndex] += count(connection);
            present |= 1 << connection.TransportIndex;
        }

        int seen = Interlocked.Or(ref seenSeries, present) | present;
        var measurements = new List<Measurement<long>>();
        for (int i = 0; i < counts.Length; i++)
        {
            if ((seen & (1 << i)) != 0)
                measurements.Add(new Measurement<long>(counts[i], new KeyValuePair<string, object?>(RompInstruments.NetworkTransport, ConnectionTelemetry.TransportNames[i])));
        }

        return measurements;
    }

    // Copied out, so that no table's lock is taken under this one.
    private static ConnectionTelemetry[] Snapshot()
    {
        lock (s_gate)
            return [.. s_open];
    }
}
