namespace Romp.Generators.Model;

/// <summary>Which kind of interface member a remote method stands for.</summary>
internal enum MemberKind
{
    Method,
    PropertyGet,
    PropertySet,
    IndexerGet,
    IndexerSet,
}
