namespace Romp;

/// <summary>
/// Lists wire ids or member names that a <c>[RompObject]</c> interface or a <c>[RompSerializable]</c> type once used and
/// must never use again, like protobuf's <c>reserved</c>: a peer built from an older version still gives them their old
/// meaning. A method or member that takes a reserved id or name is a compile-time error.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true, Inherited = false)]
public sealed class RompReservedAttribute : Attribute
{
    /// <summary>Reserves the wire ids <paramref name="ids"/>.</summary>
    /// <param name="ids">Ids that removed methods or members had, from <see cref="RompIdAttribute"/>.</param>
    public RompReservedAttribute(params int[] ids)
    {
        Ids = ids ?? [];
        Names = [];
    }

    /// <summary>Reserves the names <paramref name="names"/>, and with them the ids derived from them.</summary>
    /// <param name="names">Names of removed members that had no <see cref="RompIdAttribute"/>.</param>
    public RompReservedAttribute(params string[] names)
    {
        Ids = [];
        Names = names ?? [];
    }

    /// <summary>The reserved ids.</summary>
    public int[] Ids { get; }

    /// <summary>The reserved names.</summary>
    public string[] Names { get; }
}
