namespace Romp.Security;

/// <summary>
/// One half of a <see cref="RompAcl"/>: its allow entries or its deny entries (DRb's <c>ACLList</c>), parsed into
/// masks. Immutable once built, so any number of accept loops may read it at once.
/// </summary>
internal sealed class AclList
{
    private readonly AclEntry[] _entries;
    private readonly bool _matchesAll; // an `all` or `*` entry: the only kind that matches a peer without an address

    public AclList(AclEntry[] entries, bool matchesAll)
    {
        _entries = entries;
        _matchesAll = matchesAll;
    }

    public bool MatchesUnaddressed => _matchesAll;

    public bool Matches(UInt128 key)
    {
        if (_matchesAll)
            return true;
        foreach (AclEntry entry in _entries)
        {
            if (entry.Matches(key))
                return true;
        }

        return false;
    }
}
