namespace Romp.Rpc;

/// <summary>
/// The timer of one outgoing call's deadline: when it fires before the call is done, the call gives up with
/// <see cref="RompError.Timeout"/> (<see cref="PendingCall.OnDeadline"/>). One per call that has a deadline, never
/// reused: a pooled call that outlives a late firing is told apart by its timer, not by its call id.
/// </summary>
internal sealed class DeadlineTimer
{
    private const int Armed = 0, Disarmed = 1, Fired = 2;

    private static readonly TimerCallback s_fire = static state => ((DeadlineTimer)state!).Fire();

    private readonly PendingCall _call;
    private readonly RompConnection _connection; // where to look the method's name up, if it fires
    private readonly Deadline _deadline;
    private readonly uint _objectId;
    private readonly ushort _methodId;
    private readonly Timer _timer;
    private int _state; // Armed until the call disarms it or it fires; whoever moves it on decides, by CompareExchange

    private DeadlineTimer(PendingCall call, RompConnection connection, Deadline deadline, uint objectId, ushort methodId)
    {
        _call = call;
        _connection = connection;
        _deadline = deadline;
        _objectId = objectId;
        _methodId = methodId;
        // Started once the fields are set: a deadline that is already close may fire at once.
        _timer = new Timer(s_fire, this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Starts the timer of <paramref name="call"/>'s <paramref name="deadline"/>; the call must disarm it when it completes.</summary>
    public static DeadlineTimer Start(PendingCall call, RompConnection connection, Deadline deadline, uint objectId, ushort methodId)
    {
        var timer = new DeadlineTimer(call, connection, deadline, objectId, methodId);
        timer._timer.Change(deadline.Remaining, Timeout.InfiniteTimeSpan);
        return timer;
    }

    /// <summary>True when the timer will never act on the call; false when it fired, and its giving up runs or has run.</summary>
    public bool TryDisarm()
    {
        if (Interlocked.CompareExchange(ref _state, Disarmed, Armed) != Armed)
            return false;
        _timer.Dispose();
        return true;
    }

    private void Fire()
    {
        if (Interlocked.CompareExchange(ref _state, Fired, Armed) != Armed)
            return;
        _timer.Dispose();
        _call.OnDeadline(_deadline.TimeoutError(_objectId, _methodId, _call.IsStream, _connection.Imports.FindContract(_objectId)));
    }
}
