namespace Romp;

/// <summary>
/// Marks a method of a <see cref="RompObjectAttribute"/> interface as one-way: the caller does not wait for the
/// call to run and receives no result. One-way calls on one connection run in the order they were sent.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class OnewayAttribute : Attribute
{
    /// <summary>
    /// When <see langword="true"/> the call is sent as ONEWAY_SYNC: the returned task completes once the server has
    /// received the call (before it runs it). Requires a <see cref="Task"/> or <see cref="ValueTask"/> return type.
    /// </summary>
    public bool Sync { get; set; }
}
