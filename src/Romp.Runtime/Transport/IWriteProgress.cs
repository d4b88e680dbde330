namespace Romp.Transport;

/// <summary>
/// A transport that can tell when it last took bytes from its writer. A flush that has run for a long time but keeps
/// being taken, piece by piece, is a slow peer, not a stalled one.
/// </summary>
internal interface IWriteProgress
{
    /// <summary>When a write to the transport last completed (<see cref="Environment.TickCount64"/>); 0 before the first.</summary>
    long LastWriteCompleted { get; }
}
