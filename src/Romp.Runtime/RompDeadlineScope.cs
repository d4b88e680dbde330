using Romp.Rpc;

namespace Romp;

/// <summary>
/// The scope <see cref="RompDeadline.Within"/> returns: disposing it restores the deadline in force before it. Dispose
/// it in the async flow that made it, in reverse order of creation, as <c>using</c> does.
/// </summary>
public readonly struct RompDeadlineScope : IDisposable
{
    private readonly Deadline _previous;
    private readonly bool _active; // false for default(RompDeadlineScope), whose Dispose does nothing

    internal RompDeadlineScope(Deadline previous)
    {
        _previous = previous;
        _active = true;
    }

    /// <summary>Restores the deadline that was in force when the scope was made.</summary>
    public void Dispose()
    {
        if (_active)
            RompDeadline.Restore(_previous);
    }
}
