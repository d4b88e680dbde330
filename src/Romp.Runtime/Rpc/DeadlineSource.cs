namespace Romp.Rpc;

/// <summary>Where the deadline of a call comes from: what a timeout's message names as the time allowed.</summary>
internal enum DeadlineSource : byte
{
    /// <summary>A <see cref="RompDeadline.Within"/> scope around the call.</summary>
    Scope,

    /// <summary>The deadline of the received call this code is serving, inherited by the calls it makes.</summary>
    ServedCall,

    /// <summary>The connection's <see cref="RompConnectionOptions.DefaultCallTimeout"/>.</summary>
    DefaultCallTimeout,

    /// <summary>A deadline header in a call the peer sent.</summary>
    Caller,
}
