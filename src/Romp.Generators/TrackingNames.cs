namespace Romp.Generators;

/// <summary>The names of the pipeline steps, so that tests can inspect how each step was cached.</summary>
internal static class TrackingNames
{
    public const string ObjectParsed = nameof(ObjectParsed);
    public const string ObjectModel = nameof(ObjectModel);
    public const string ObjectDiagnostics = nameof(ObjectDiagnostics);
    public const string SerializableParsed = nameof(SerializableParsed);
    public const string SerializableModel = nameof(SerializableModel);
    public const string SerializableDiagnostics = nameof(SerializableDiagnostics);
    public const string UnionParsed = nameof(UnionParsed);
    public const string UnionModel = nameof(UnionModel);
    public const string UnionDiagnostics = nameof(UnionDiagnostics);
}
