namespace Romp.Generators.Diagnostics;

/// <summary>
/// Every diagnostic id the generator reports. <c>ROMP0001</c>.. are <c>[RompObject]</c> rules, <c>ROMP0101</c>.. are
/// <c>[RompSerializable]</c> rules. An id is never reused; record new ones in AnalyzerReleases.Unshipped.md and docs/diagnostics.md.
/// </summary>
internal static class DiagnosticIds
{
    /// <summary>[RompObject] on a class, struct, record or enum.</summary>
    public const string ObjectMustBeInterface = "ROMP0001";

    /// <summary>[RompObject] on a generic interface.</summary>
    public const string ObjectMustNotBeGeneric = "ROMP0002";

    /// <summary>[RompObject] interface that generated code cannot reference.</summary>
    public const string ObjectNotAccessible = "ROMP0003";

    /// <summary>ref, out, in or ref readonly parameter.</summary>
    public const string ByRefParameter = "ROMP0004";

    /// <summary>Generic method.</summary>
    public const string GenericMethod = "ROMP0005";

    /// <summary>Event.</summary>
    public const string EventNotSupported = "ROMP0006";

    /// <summary>Parameter type that cannot be marshalled.</summary>
    public const string UnsupportedParameterType = "ROMP0007";

    /// <summary>Return or property type that cannot be marshalled.</summary>
    public const string UnsupportedReturnType = "ROMP0008";

    /// <summary>[Oneway] on a member that returns a value.</summary>
    public const string OnewayWithResult = "ROMP0009";

    /// <summary>[Oneway(Sync = true)] on a void method.</summary>
    public const string OnewaySyncRequiresTask = "ROMP0010";

    /// <summary>CancellationToken that is not the last parameter, or more than one.</summary>
    public const string CancellationTokenNotLast = "ROMP0011";

    /// <summary>[Oneway] on a stream method or a property accessor.</summary>
    public const string OnewayNotAllowed = "ROMP0012";

    /// <summary>Static abstract or static virtual interface member.</summary>
    public const string StaticAbstractMember = "ROMP0013";

    /// <summary>Property or indexer with an init accessor.</summary>
    public const string InitAccessor = "ROMP0014";

    /// <summary>Bind, Register or ResolveAsync with a type argument that is not a [RompObject] interface.</summary>
    public const string NotARompObject = "ROMP0015";

    /// <summary>Delegate parameter that cannot be a block: not Action or Func, or a signature that cannot be marshalled.</summary>
    public const string UnsupportedBlock = "ROMP0016";

    /// <summary>[Idempotent] on a [Oneway] method.</summary>
    public const string IdempotentOneway = "ROMP0017";

    /// <summary>[Idempotent] on a stream method.</summary>
    public const string IdempotentStream = "ROMP0018";

    /// <summary>[RompObject] interface with more remote methods than a method id can number.</summary>
    public const string TooManyMethods = "ROMP0019";

    /// <summary>A [MemoryPackable] type used in a contract or a [RompSerializable] member, in a project without Romp.MemoryPack.</summary>
    public const string MemoryPackNotReferenced = "ROMP0020";

    /// <summary>Two remote methods of one interface (with its bases) with the same method id.</summary>
    public const string DuplicateMethodId = "ROMP0021";

    /// <summary>[RompId] on a remote method or property outside 1 to 32767 (the setter's id included).</summary>
    public const string MethodIdOutOfRange = "ROMP0022";

    /// <summary>Remote method whose id [RompReserved] lists.</summary>
    public const string MethodIdReserved = "ROMP0023";

    /// <summary>Remote method whose name [RompReserved] lists.</summary>
    public const string MethodNameReserved = "ROMP0024";

    /// <summary>[RompId] on a property or indexer accessor rather than on the property.</summary>
    public const string RompIdOnAccessor = "ROMP0025";

    /// <summary>[RompObject(Name = ...)] that is empty or white space.</summary>
    public const string InvalidContractName = "ROMP0026";

    /// <summary>[RompReserved] on a [RompObject] interface listing an id out of range or an empty name.</summary>
    public const string InvalidReservation = "ROMP0027";

    /// <summary>Member of a [RompSerializable] type whose type cannot be marshalled.</summary>
    public const string UnsupportedMemberType = "ROMP0101";

    /// <summary>Generic [RompSerializable] type.</summary>
    public const string SerializableMustNotBeGeneric = "ROMP0102";

    /// <summary>[RompSerializable] type without a constructor the formatter can call.</summary>
    public const string NoUsableConstructor = "ROMP0103";

    /// <summary>[RompSerializable] type that generated code cannot reference.</summary>
    public const string SerializableNotAccessible = "ROMP0104";
}
