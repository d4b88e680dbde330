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

    /// <summary>[RompFault] names a type that is not an exception.</summary>
    public const string FaultNotException = "ROMP0030";

    /// <summary>[RompFault] names an exception type that is not [RompSerializable].</summary>
    public const string FaultNotSerializable = "ROMP0031";

    /// <summary>[RompFault] names an exception type that cannot be a fault: abstract, generic, inaccessible, or with an empty name.</summary>
    public const string FaultNotUsable = "ROMP0032";

    /// <summary>Two faults of one method share a wire name, or one fault type has two names.</summary>
    public const string FaultNameConflict = "ROMP0033";

    /// <summary>A fault type whose message would not reach the caller.</summary>
    public const string FaultMessageLost = "ROMP0034";

    /// <summary>[RompFault] names a base library exception that comes back as itself anyway.</summary>
    public const string FaultAlreadyStandard = "ROMP0035";

    /// <summary>[RompFault] on a [Oneway] method, whose caller never receives an error.</summary>
    public const string FaultOnOneway = "ROMP0036";

    /// <summary>IObservable&lt;T&gt; as a parameter or result.</summary>
    public const string ObservableNotSupported = "ROMP0040";

    /// <summary>Stream, PipeReader or IProgress&lt;T&gt; anywhere but a method's own parameter (or, for a byte stream, its result).</summary>
    public const string CallScopedValueMisplaced = "ROMP0041";

    /// <summary>A parameter or result declared as a type derived from Stream or PipeReader, or as Progress&lt;T&gt;.</summary>
    public const string DeclareAsSentType = "ROMP0042";

    /// <summary>IProgress&lt;T&gt; parameter whose T cannot be marshalled.</summary>
    public const string ProgressItemNotMarshallable = "ROMP0043";

    /// <summary>[Oneway] method with a Stream, PipeReader or IProgress&lt;T&gt; parameter.</summary>
    public const string OnewayWithCallScopedParameter = "ROMP0044";

    /// <summary>[Idempotent] method with a Stream or PipeReader parameter.</summary>
    public const string IdempotentWithByteStream = "ROMP0045";

    /// <summary>Member of a [RompSerializable] type whose type cannot be marshalled.</summary>
    public const string UnsupportedMemberType = "ROMP0101";

    /// <summary>Generic [RompSerializable] type.</summary>
    public const string SerializableMustNotBeGeneric = "ROMP0102";

    /// <summary>[RompSerializable] type without a constructor the formatter can call.</summary>
    public const string NoUsableConstructor = "ROMP0103";

    /// <summary>[RompSerializable] type that generated code cannot reference.</summary>
    public const string SerializableNotAccessible = "ROMP0104";

    /// <summary>[RompUnion] on a type that is not an abstract class or record.</summary>
    public const string UnionNotAbstract = "ROMP0120";

    /// <summary>[RompUnion] on a type that is not [RompSerializable].</summary>
    public const string UnionNotSerializable = "ROMP0121";

    /// <summary>[RompUnion] tag outside 0..65535.</summary>
    public const string UnionTagOutOfRange = "ROMP0122";

    /// <summary>Two [RompUnion] cases with the same tag.</summary>
    public const string UnionDuplicateTag = "ROMP0123";

    /// <summary>One type listed as two [RompUnion] cases.</summary>
    public const string UnionCaseListedTwice = "ROMP0124";

    /// <summary>[RompUnion] case that does not derive from the union type.</summary>
    public const string UnionCaseNotDerived = "ROMP0125";

    /// <summary>[RompUnion] case that cannot be marshalled: not [RompSerializable], abstract without cases, generic.</summary>
    public const string UnionCaseNotMarshallable = "ROMP0126";

    /// <summary>[RompSerializable] type derived from a concrete [RompSerializable] type, which would be sliced.</summary>
    public const string DerivedFromConcreteSerializable = "ROMP0127";

    /// <summary>[RompSerializable] type derived from a [RompUnion] type without being one of its cases.</summary>
    public const string DerivedNotAUnionCase = "ROMP0128";

    /// <summary>[RompId] or [RompReserved] id of a [RompSerializable] member outside 1..65535.</summary>
    public const string MemberIdOutOfRange = "ROMP0105";

    /// <summary>Two members of a [RompSerializable] type with the same wire id, at least one given with [RompId].</summary>
    public const string DuplicateMemberId = "ROMP0106";

    /// <summary>Two members of a [RompSerializable] type whose names derive the same wire id.</summary>
    public const string DerivedMemberIdCollision = "ROMP0107";

    /// <summary>A [RompSerializable] member whose wire id or name [RompReserved] reserves.</summary>
    public const string ReservedMemberId = "ROMP0108";

    /// <summary>A public member of a [RompSerializable] type that would silently not travel.</summary>
    public const string MemberNotSent = "ROMP0109";

    /// <summary>[RompIgnore] on a required member.</summary>
    public const string IgnoredRequiredMember = "ROMP0110";
}
