namespace Romp.Description;

/// <summary>Which kind of interface member a remote method stands for.</summary>
public enum RompMemberKind : byte
{
    /// <summary>An ordinary method.</summary>
    Method = 0,

    /// <summary>A property's getter.</summary>
    PropertyGet = 1,

    /// <summary>A property's setter.</summary>
    PropertySet = 2,

    /// <summary>An indexer's getter.</summary>
    IndexerGet = 3,

    /// <summary>An indexer's setter.</summary>
    IndexerSet = 4,
}
