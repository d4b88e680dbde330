using Microsoft.CodeAnalysis;

namespace Romp.Generators.Diagnostics;

/// <summary>The descriptors of every diagnostic the generator reports; see docs/diagnostics.md.</summary>
internal static class RompDiagnostics
{
    private const string Category = "Romp";

    public static readonly DiagnosticDescriptor ObjectMustBeInterface = Error(
        DiagnosticIds.ObjectMustBeInterface, "[RompObject] requires an interface",
        "'{0}' is marked [RompObject] but is not an interface. Declare the remote contract as an interface and implement it in a class.");

    public static readonly DiagnosticDescriptor ObjectMustNotBeGeneric = Error(
        DiagnosticIds.ObjectMustNotBeGeneric, "[RompObject] interface must not be generic",
        "'{0}' is a generic interface, which cannot be a [RompObject]. Derive a non-generic interface from it, e.g. 'interface IOrders : {0}<Order>', and mark that one.");

    public static readonly DiagnosticDescriptor ObjectNotAccessible = Error(
        DiagnosticIds.ObjectNotAccessible, "[RompObject] interface is not accessible to generated code",
        "'{0}' is {1}, so the generated proxy cannot implement it. Make the interface and its containing types public or internal, and do not nest it in a generic type.");

    public static readonly DiagnosticDescriptor ByRefParameter = Error(
        DiagnosticIds.ByRefParameter, "Remote methods cannot take ref, out or in parameters",
        "Parameter '{0}' of '{1}' is passed by reference, which a remote call cannot do. Pass it by value and return results as the method's result (a tuple or a [RompSerializable] type for several values).");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        DiagnosticIds.GenericMethod, "Remote methods cannot be generic",
        "'{0}' is a generic method, which a remote interface cannot have. Declare one method per concrete type.");

    public static readonly DiagnosticDescriptor EventNotSupported = Error(
        DiagnosticIds.EventNotSupported, "Remote interfaces cannot declare events",
        "'{0}' is an event, which Romp cannot raise across a connection. Return an IAsyncEnumerable<T> stream of the event data instead.");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
        DiagnosticIds.UnsupportedParameterType, "Parameter type cannot be marshalled",
        "Parameter '{0}' of '{1}' has type '{2}', which Romp cannot marshal. {3}");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        DiagnosticIds.UnsupportedReturnType, "Return type cannot be marshalled",
        "'{0}' returns '{1}', which Romp cannot marshal. {2}");

    public static readonly DiagnosticDescriptor OnewayWithResult = Error(
        DiagnosticIds.OnewayWithResult, "[Oneway] method cannot return a value",
        "'{0}' is [Oneway] but returns a value, which a one-way call never receives. Return void, Task or ValueTask, or remove [Oneway].");

    public static readonly DiagnosticDescriptor OnewaySyncRequiresTask = Error(
        DiagnosticIds.OnewaySyncRequiresTask, "[Oneway(Sync = true)] requires Task or ValueTask",
        "'{0}' is [Oneway(Sync = true)] but returns void, so the caller could not wait for the acknowledgement. Return Task or ValueTask, or remove 'Sync = true'.");

    public static readonly DiagnosticDescriptor CancellationTokenNotLast = Error(
        DiagnosticIds.CancellationTokenNotLast, "CancellationToken must be the last parameter",
        "Parameter '{0}' of '{1}' is a CancellationToken that is not the last parameter, or not the only one. Declare a single CancellationToken as the last parameter.");

    public static readonly DiagnosticDescriptor OnewayNotAllowed = Error(
        DiagnosticIds.OnewayNotAllowed, "[Oneway] is not allowed on streams or property accessors",
        "'{0}' is {1} and cannot be [Oneway]. Remove [Oneway], or declare a void, Task or ValueTask method instead.");

    public static readonly DiagnosticDescriptor StaticAbstractMember = Error(
        DiagnosticIds.StaticAbstractMember, "Remote interfaces cannot declare static abstract or static virtual members",
        "'{0}' is a static abstract or static virtual member, which a proxy cannot implement and which keeps the interface from being a type argument. Move it to another interface.");

    public static readonly DiagnosticDescriptor InitAccessor = Error(
        DiagnosticIds.InitAccessor, "Remote properties cannot have an init accessor",
        "'{0}' has an init accessor, which can never be called through the interface and so cannot be remote. Use 'set', or remove the accessor.");

    public static readonly DiagnosticDescriptor NotARompObject = Error(
        DiagnosticIds.NotARompObject, "Type argument is not a [RompObject] interface",
        "'{0}' is not a [RompObject] interface, so '{1}' would fail at run time with UnexportableObject. Pass the [RompObject] interface the object implements, or mark the interface [RompObject].");

    public static readonly DiagnosticDescriptor UnsupportedBlock = Error(
        DiagnosticIds.UnsupportedBlock, "Delegate parameter cannot be a block",
        "Parameter '{0}' of '{1}' has delegate type '{2}', which cannot be a block. {3}");

    public static readonly DiagnosticDescriptor IdempotentOneway = Error(
        DiagnosticIds.IdempotentOneway, "[Oneway] method cannot be [Idempotent]",
        "'{0}' is [Oneway], so it is never sent again after a reconnect: it may already have run, and no reply would tell. Remove [Idempotent], or remove [Oneway] so that the caller waits for the reply.");

    public static readonly DiagnosticDescriptor IdempotentStream = Error(
        DiagnosticIds.IdempotentStream, "Stream method cannot be [Idempotent]",
        "'{0}' returns a stream, which is never sent again after a reconnect: some of its items may already have been delivered. Remove [Idempotent], and let the caller resume the stream, e.g. from the last item it received.");

    public static readonly DiagnosticDescriptor TooManyMethods = Error(
        DiagnosticIds.TooManyMethods, "[RompObject] interface has too many remote methods",
        "'{0}' has {1} remote methods (a property's getter and setter count as two, base interfaces' included), but a method id numbers at most {2}: its top bit marks a call header. Split the interface into several.");

    public static readonly DiagnosticDescriptor MemoryPackNotReferenced = Error(
        DiagnosticIds.MemoryPackNotReferenced, "[MemoryPackable] type needs Romp.MemoryPack",
        "'{0}' is [MemoryPackable], which Romp sends with MemoryPack, but this project does not reference Romp.MemoryPack. Add a PackageReference to Romp.MemoryPack.");

    public static readonly DiagnosticDescriptor DuplicateMethodId = Error(
        DiagnosticIds.DuplicateMethodId, "Two remote methods have the same method id",
        "'{0}' ({1}) and '{2}' ({3}) both have method id {4}, so a call could not tell them apart. Give one of them an explicit [RompId(n)] with an id from 1 to 32767 that no other method of '{5}' has.");

    public static readonly DiagnosticDescriptor MethodIdOutOfRange = Error(
        DiagnosticIds.MethodIdOutOfRange, "[RompId] of a remote method is out of range",
        "[RompId({0})] on '{1}' is out of range: method ids are 1 to 32767 (the top bit of the 16-bit id marks a call header){2}. Pick an id in that range.");

    public static readonly DiagnosticDescriptor MethodIdReserved = Error(
        DiagnosticIds.MethodIdReserved, "Remote method has a reserved method id",
        "'{0}' has method id {1} ({2}), which [RompReserved] on '{3}' keeps for a removed method that older peers may still call. {4}");

    public static readonly DiagnosticDescriptor MethodNameReserved = Error(
        DiagnosticIds.MethodNameReserved, "Remote method has a reserved name",
        "'{0}' is named '{1}', which [RompReserved] on '{2}' keeps for a removed method that older peers may still call. Rename the method, or remove the name from [RompReserved] if the removed method never shipped.");

    public static readonly DiagnosticDescriptor RompIdOnAccessor = Error(
        DiagnosticIds.RompIdOnAccessor, "[RompId] belongs on the property, not on an accessor",
        "[RompId] is on an accessor of '{0}'. Put it on the property instead: its getter takes the id, and its setter the id after it.");

    public static readonly DiagnosticDescriptor InvalidContractName = Error(
        DiagnosticIds.InvalidContractName, "[RompObject] Name is empty",
        "[RompObject(Name = ...)] on '{0}' is empty. Give the contract a name, such as \"chat.v1\", or remove Name to use the interface's full name, '{1}'.");

    public static readonly DiagnosticDescriptor InvalidReservation = Error(
        DiagnosticIds.InvalidReservation, "[RompReserved] lists what no method can have",
        "[RompReserved] on '{0}' lists {1}, which no method can have: method ids are 1 to 32767, and names are not empty. Remove it.");

    public static readonly DiagnosticDescriptor FaultNotException = Error(
        DiagnosticIds.FaultNotException, "[RompFault] type must be an exception",
        "'{0}' is listed in [RompFault] but does not derive from System.Exception. List only exception types: declare a [RompSerializable] class deriving from Exception for the error and throw that.");

    public static readonly DiagnosticDescriptor FaultNotSerializable = Error(
        DiagnosticIds.FaultNotSerializable, "[RompFault] exception must be [RompSerializable]",
        "'{0}' is listed in [RompFault] but is not [RompSerializable], so its members could not travel. Mark it [RompSerializable]; for an exception type you cannot change, declare a [RompSerializable] exception of your own and throw that instead.");

    public static readonly DiagnosticDescriptor FaultNotUsable = Error(
        DiagnosticIds.FaultNotUsable, "[RompFault] exception cannot be a fault",
        "'{0}' cannot be a fault: {1}");

    public static readonly DiagnosticDescriptor FaultNameConflict = Error(
        DiagnosticIds.FaultNameConflict, "Faults of a method must have distinct names",
        "The faults of '{0}' conflict: {1}. Give each fault type one name and each name one type, with [RompFault(typeof(...), Name = \"...\")].");

    public static readonly DiagnosticDescriptor FaultMessageLost = Error(
        DiagnosticIds.FaultMessageLost, "Fault would arrive without its message",
        "The caller of a fault '{0}' would get the default message, not the one thrown: its formatter builds it with a constructor that neither takes 'message' nor passes one to the base. Add a constructor parameter 'string message' and pass it on with ': base(message)', build the message in the constructor (': base($\"...\")'), or override Message.");

    public static readonly DiagnosticDescriptor FaultAlreadyStandard = Error(
        DiagnosticIds.FaultAlreadyStandard, "Base library exception needs no [RompFault]",
        "'{0}' comes back to the caller as itself without being declared: it is one of the base library exceptions Romp sends with their message and parameter name. Remove it from [RompFault].");

    public static readonly DiagnosticDescriptor FaultOnOneway = Error(
        DiagnosticIds.FaultOnOneway, "[Oneway] method's faults never reach a caller",
        "'{0}' is [Oneway], so no caller ever receives what it throws; it is only logged where it runs. Remove [RompFault], or remove [Oneway] so that the caller waits for the answer.");

    public static readonly DiagnosticDescriptor ObservableNotSupported = Error(
        DiagnosticIds.ObservableNotSupported, "IObservable<T> cannot be marshalled",
        "{0} is '{1}', an IObservable<T>, which Romp does not marshal. Return IAsyncEnumerable<T> instead, which Romp streams with flow control (the caller can turn it into an observable, e.g. with System.Linq.Async's ToObservable); to have the other side push events, pass it a [RompObject] listener interface to call.");

    public static readonly DiagnosticDescriptor CallScopedValueMisplaced = Error(
        DiagnosticIds.CallScopedValueMisplaced, "Stream, PipeReader and IProgress<T> travel only as a method's own parameter or result",
        "{0} has type '{1}', which holds '{2}'. {3} Declare it as a parameter of a remote method of its own, or return it as the method's result (a Stream or PipeReader only).");

    public static readonly DiagnosticDescriptor DeclareAsSentType = Error(
        DiagnosticIds.DeclareAsSentType, "Declare the parameter or result as Stream, PipeReader or IProgress<T>",
        "{0} is declared as '{1}', which Romp cannot marshal as such. Declare it as '{2}': Romp sends what any implementation of it produces, and the receiver gets one of its own.");

    public static readonly DiagnosticDescriptor ProgressItemNotMarshallable = Error(
        DiagnosticIds.ProgressItemNotMarshallable, "IProgress<T> reports a type that cannot be marshalled",
        "{0} reports '{1}', which Romp cannot marshal. {2}");

    public static readonly DiagnosticDescriptor OnewayWithCallScopedParameter = Error(
        DiagnosticIds.OnewayWithCallScopedParameter, "[Oneway] method cannot take a Stream, PipeReader or IProgress<T>",
        "'{0}' is [Oneway], but parameter '{1}' is {2}, which lives until the call's answer, and a one-way call has none. Remove [Oneway] and return Task or ValueTask: the caller's await then ends when the callee is done with it.");

    public static readonly DiagnosticDescriptor IdempotentWithByteStream = Error(
        DiagnosticIds.IdempotentWithByteStream, "[Idempotent] method cannot take a Stream or PipeReader",
        "'{0}' is [Idempotent], but parameter '{1}' is a byte stream, which is read once: after a lost connection the call could not be sent again with the same bytes. Remove [Idempotent], and let the caller call again with a new stream.");

    public static readonly DiagnosticDescriptor UnsupportedMemberType = Error(
        DiagnosticIds.UnsupportedMemberType, "Member type cannot be marshalled",
        "Member '{0}' of '{1}' has type '{2}', which Romp cannot marshal. {3}");

    public static readonly DiagnosticDescriptor SerializableMustNotBeGeneric = Error(
        DiagnosticIds.SerializableMustNotBeGeneric, "[RompSerializable] type must not be generic",
        "'{0}' is generic, which [RompSerializable] does not support. Declare a non-generic type for each shape you send.");

    public static readonly DiagnosticDescriptor NoUsableConstructor = Error(
        DiagnosticIds.NoUsableConstructor, "[RompSerializable] type has no usable constructor",
        "'{0}' cannot be created by its formatter: {1}. {2}");

    public static readonly DiagnosticDescriptor SerializableNotAccessible = Error(
        DiagnosticIds.SerializableNotAccessible, "[RompSerializable] type is not accessible to generated code",
        "'{0}' is {1}, so the generated formatter cannot reference it. Make the type and its containing types public or internal, and do not nest it in a generic type.");

    public static readonly DiagnosticDescriptor UnionNotAbstract = Error(
        DiagnosticIds.UnionNotAbstract, "[RompUnion] requires an abstract class or record",
        "'{0}' has [RompUnion] cases but is {1}: only an abstract class or record can be a union, whose values always travel as one of its cases. Make '{0}' an abstract class or record, or remove its [RompUnion] attributes.");

    public static readonly DiagnosticDescriptor UnionNotSerializable = Error(
        DiagnosticIds.UnionNotSerializable, "[RompUnion] type must be [RompSerializable]",
        "'{0}' has [RompUnion] cases but is not [RompSerializable], so no formatter is written for it. Add [RompSerializable] to '{0}'.");

    public static readonly DiagnosticDescriptor UnionTagOutOfRange = Error(
        DiagnosticIds.UnionTagOutOfRange, "[RompUnion] tag is out of range",
        "Tag {1} of case '{2}' of '{0}' is out of range: a tag travels as a uint16. Use a tag from 0 to {3}.");

    public static readonly DiagnosticDescriptor UnionDuplicateTag = Error(
        DiagnosticIds.UnionDuplicateTag, "Two [RompUnion] cases have the same tag",
        "Tag {1} of '{0}' is given to both '{2}' and '{3}', so a receiver could not tell them apart. Give '{3}' a tag of its own, and never reuse the tag of a case that has shipped.");

    public static readonly DiagnosticDescriptor UnionCaseListedTwice = Error(
        DiagnosticIds.UnionCaseListedTwice, "A type is listed as two [RompUnion] cases",
        "'{1}' is listed twice as a case of '{0}' (tags {2} and {3}), but a value of it travels under one tag only. Remove the [RompUnion] attribute with tag {3}.");

    public static readonly DiagnosticDescriptor UnionCaseNotDerived = Error(
        DiagnosticIds.UnionCaseNotDerived, "[RompUnion] case does not derive from the union type",
        "'{1}' is listed as a [RompUnion] case of '{0}' but does not derive from it, so no '{0}' can be a '{1}'. List only classes and records derived from '{0}'.");

    public static readonly DiagnosticDescriptor UnionCaseNotMarshallable = Error(
        DiagnosticIds.UnionCaseNotMarshallable, "[RompUnion] case cannot be marshalled",
        "'{1}', a [RompUnion] case of '{0}', cannot travel. {2}");

    public static readonly DiagnosticDescriptor DerivedFromConcreteSerializable = Error(
        DiagnosticIds.DerivedFromConcreteSerializable, "[RompSerializable] type derives from a concrete [RompSerializable] type",
        "'{1}' has derived type '{0}', which would be sent as a '{1}' and lose its own members wherever a '{1}' is declared. Make '{1}' abstract with [RompUnion(tag, typeof({0}))] cases, or seal '{1}' and stop deriving '{0}' from it.");

    public static readonly DiagnosticDescriptor DerivedNotAUnionCase = Error(
        DiagnosticIds.DerivedNotAUnionCase, "[RompSerializable] type derives from a [RompUnion] type without being a case",
        "'{0}' derives from '{1}' but is not one of its [RompUnion] cases, so it cannot be sent where a '{1}' is declared. {2}");

    public static readonly DiagnosticDescriptor MemberIdOutOfRange = Error(
        DiagnosticIds.MemberIdOutOfRange, "Member id out of range",
        "{0} gives the id {1}, but a member id is 1 to 65535. Choose an id from 1 to 32767 (the ids above are derived from member names).");

    public static readonly DiagnosticDescriptor DuplicateMemberId = Error(
        DiagnosticIds.DuplicateMemberId, "Two members have the same wire id",
        "'{0}' and '{1}' of '{2}' both have the wire id {3}, so a reader could not tell them apart. Give one of them another id with [RompId(n)], n from 1 to 32767.");

    public static readonly DiagnosticDescriptor DerivedMemberIdCollision = Error(
        DiagnosticIds.DerivedMemberIdCollision, "Two member names derive the same wire id",
        "The names of '{0}' and '{1}' of '{2}' derive the same wire id ({3}), so a reader could not tell them apart. Give one of them an explicit id with [RompId(n)], n from 1 to 32767.");

    public static readonly DiagnosticDescriptor ReservedMemberId = Error(
        DiagnosticIds.ReservedMemberId, "Member uses a reserved id or name",
        "'{0}' of '{1}' uses {2}, which [RompReserved] reserves for a removed member: a peer built from an older version may still give it the old meaning. Give the member another name, or another id with [RompId(n)].");

    public static readonly DiagnosticDescriptor MemberNotSent = Error(
        DiagnosticIds.MemberNotSent, "Public member would not be sent",
        "'{0}' of '{1}' is public but would not be sent, so a peer would silently get its default: {2}. {3}");

    public static readonly DiagnosticDescriptor IgnoredRequiredMember = Error(
        DiagnosticIds.IgnoredRequiredMember, "[RompIgnore] on a required member",
        "'{0}' of '{1}' is required but marked [RompIgnore], so a reader could not create the type without inventing its value. Remove [RompIgnore] to send it, or remove 'required'.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static string HelpLink(string id) =>
        "https://github.com/romp-dotnet/romp/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant();
}
