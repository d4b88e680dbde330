using Romp.Transport;

namespace Romp.Connections;

/// <summary>
/// When bytes last moved between this side and the peer: what the read loop received, and what the transport took from
/// this side's writer, when it can tell (<see cref="IWriteProgress"/>). The keepalive judges the peer by the first; the
/// flusher counts a slow flush as stalled only once neither has moved for StalledWriteTimeout.
/// </summary>
/// <remarks>Stamps are <see cref="Environment.TickCount64"/>: one clock read and one store per read, no allocation.</remarks>
internal sealed class LinkActivity(IWriteProgress? transport)
{
    private long _lastReceived = Environment.TickCount64; // written by the read loop only; read by the keepalive's timer and the flusher

    /// <summary>When the read loop last got bytes from the peer.</summary>
    public long LastReceived => Volatile.Read(ref _lastReceived);

    /// <summary>When the transport last took bytes from this side; 0 when it cannot tell (a pipe's flush completes only as its reader consumes).</summary>
    public long LastSent => transport?.LastWriteCompleted ?? 0;

    /// <summary>
    /// Called by the read loop each time a read returns: any bytes count, not whole frames, since a large frame arriving
    /// slowly is a live peer too.
    /// </summary>
    public void OnReceived() => Volatile.Write(ref _lastReceived, Environment.TickCount64);
}
