namespace Romp.Diagnostics;

/// <summary>What part of a call a payload is, for <see cref="PayloadSummary"/>: which of the method's types it holds.</summary>
internal enum PayloadKind
{
    /// <summary>A call's arguments (REQUEST, REQUEST_BLOCK, ONEWAY, ONEWAY_SYNC), after the object id, method id, call header and credit.</summary>
    Arguments,

    /// <summary>A RETVAL's whole payload: the method's return value, or nothing for a method without one.</summary>
    Result,

    /// <summary>A YIELD's whole payload: the item count (uint32), then that many items of the stream's item type.</summary>
    Items,
}
