namespace Romp.Tests.Support;

/// <summary>
/// The header of a Romp frame as <see cref="FaultProxy"/> sees it passing (docs/protocol.md §2): what a drop predicate
/// decides on. The payload is not buffered, so a predicate cannot look at it.
/// </summary>
public readonly record struct ProxyFrame(uint Length, byte Type, uint CallId);
