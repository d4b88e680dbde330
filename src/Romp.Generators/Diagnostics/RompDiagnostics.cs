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

    public static readonly DiagnosticDescriptor UnsupportedMemberType = Error(
        DiagnosticIds.UnsupportedMemberType, "Member type cannot be marshalled",
        "Member '{0}' of '{1}' has type '{2}', which Romp cannot marshal. {3}");

    public static readonly DiagnosticDescriptor SerializableMustNotBeGeneric = Error(
        DiagnosticIds.SerializableMustNotBeGeneric, "[RompSerializable] type must not be generic",
        "'{0}' is generic, which [RompSerializable] does not support. Declare a non-generic type for each shape you send.");

    public static readonly DiagnosticDescriptor NoUsableConstructor = Error(
        DiagnosticIds.NoUsableConstructor, "[RompSerializable] type has no usable constructor",
        "'{0}' cannot be created by its formatter: {1}. Add a public parameterless constructor, or a public constructor whose parameters match public members by name.");

    public static readonly DiagnosticDescriptor SerializableNotAccessible = Error(
        DiagnosticIds.SerializableNotAccessible, "[RompSerializable] type is not accessible to generated code",
        "'{0}' is {1}, so the generated formatter cannot reference it. Make the type and its containing types public or internal, and do not nest it in a generic type.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static string HelpLink(string id) =>
        "https://github.com/romp-dotnet/romp/blob/main/docs/diagnostics.md#" + id.ToLowerInvariant();
}
