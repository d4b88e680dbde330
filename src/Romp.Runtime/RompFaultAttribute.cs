namespace Romp;

/// <summary>
/// Declares an exception a method of a <see cref="RompObjectAttribute"/> interface may throw to its caller as itself:
/// when the method throws an instance of exactly <see cref="ExceptionType"/>, the caller's await throws an instance of
/// that type with the same public members and message, instead of a <see cref="RemoteException"/>. On the interface it
/// declares the fault for every method (and property accessor) the interface declares, and, on the
/// <see cref="RompObjectAttribute"/> interface, for those it inherits too; on a property, for both accessors.
/// It works in both directions: a callback object a client passes to the server throws declared faults to the server.
/// </summary>
/// <remarks>
/// <para>
/// The type must derive from <see cref="Exception"/> and be <see cref="RompSerializableAttribute"/>: its own public
/// members travel as a serializable type's do, and <see cref="Exception.Message"/> reaches the new instance through a
/// public constructor parameter named <c>message</c>, or is rebuilt by the type itself (a constructor that passes a
/// message to <c>base(...)</c>, or an override of <see cref="Exception.Message"/>). The generator reports a type whose
/// message would be lost. <see cref="Exception"/>'s other members (<see cref="Exception.StackTrace"/>,
/// <see cref="Exception.Data"/>, <see cref="Exception.InnerException"/>, ...) never travel.
/// </para>
/// <para>
/// Only the exact type is sent as itself: an instance of an undeclared subclass arrives as a <see cref="RemoteException"/>
/// (declare the subclass too). The caller builds only the types declared for the method it called, whatever the
/// peer names, so a peer cannot make it instantiate anything else; a fault it does not know (a newer server's) arrives
/// as a <see cref="RemoteException"/>. A few exceptions of the base library come back as themselves without being
/// declared: see the README's "Errors and faults".
/// </para>
/// </remarks>
/// <example>
/// <code>
/// [RompObject]
/// public interface IChat
/// {
///     [RompFault(typeof(RoomNotFoundException))]
///     Task JoinAsync(string room);
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class RompFaultAttribute : Attribute
{
    /// <summary>Declares <paramref name="exceptionType"/> as a fault that travels as itself.</summary>
    /// <param name="exceptionType">A <see cref="RompSerializableAttribute"/> class deriving from <see cref="Exception"/>.</param>
    public RompFaultAttribute(Type exceptionType) => ExceptionType = exceptionType;

    /// <summary>The exception type.</summary>
    public Type ExceptionType { get; }

    /// <summary>
    /// The fault's name on the wire (default null: the type's full name, <c>Chat.RoomNotFoundException</c>). Give one
    /// before renaming or moving the type, set to its old full name, so that peers built before the move still know it.
    /// </summary>
    public string? Name { get; set; }
}
