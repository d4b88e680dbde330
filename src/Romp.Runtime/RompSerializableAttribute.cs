namespace Romp;

/// <summary>
/// Marks a class, record or struct as a value that Romp copies across the wire. The source generator writes its
/// formatter; public fields and properties are sent in declaration order, and members added at the end keep older
/// and newer peers compatible.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class RompSerializableAttribute : Attribute
{
}
