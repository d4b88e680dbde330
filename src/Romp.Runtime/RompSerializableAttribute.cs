namespace Romp;

/// <summary>
/// Marks a class, record or struct as a value that Romp copies across the wire. The source generator writes its
/// formatter, which sends each public field and property with its wire id: the id given with
/// <see cref="RompIdAttribute"/>, or one derived from the member's name (docs/protocol.md §5).
/// </summary>
/// <remarks>
/// <para>
/// A reader takes the members it knows by id and skips the others, so members may be added anywhere, reordered or
/// removed, and older and newer peers keep talking in both directions. A member a peer did not send keeps its default:
/// the constructor parameter's default value, the value the type's own initializer gives a settable or <c>init</c>
/// member, or <see langword="default"/>; a <see langword="required"/> member that was not sent fails the call. A member
/// whose type changed incompatibly (an <c>int</c> that became a <c>string</c> or a <c>long</c>) fails the call that
/// carries it with <see cref="RompError.InvalidMessage"/>, never a corrupt value, and the connection stays open.
/// Renaming a member changes its derived id: give it its old name's id with <see cref="RompIdAttribute"/> first, and
/// list the ids and names of removed members in <see cref="RompReservedAttribute"/> so that they are never reused.
/// </para>
/// <para>
/// What travels: public instance fields and properties with a public getter that are settable (<c>set</c> or
/// <c>init</c>), <see langword="required"/>, or set by a parameter of the constructor the formatter calls (the public
/// one with the most parameters that all match members by name and type). A computed property (no setter and no
/// backing field, such as <c>public int Area =&gt; Width * Height;</c>) is not sent: the reader computes it again from
/// what was. Any other public member (a non-public setter, a get-only auto-property, a readonly field, none of them set
/// by the constructor) is a compile-time error that says how to carry it, unless it is marked
/// <see cref="RompIgnoreAttribute"/>. Non-public state is never sent.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class RompSerializableAttribute : Attribute
{
}
