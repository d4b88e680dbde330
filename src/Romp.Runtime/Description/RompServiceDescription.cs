namespace Romp.Description;

/// <summary>
/// What a server offers the caller who asked (<see cref="RompConnection.DescribeAsync(string?, CancellationToken)"/>):
/// the names it may resolve, in ordinal order, each with its contract.
/// </summary>
public sealed class RompServiceDescription
{
    /// <summary>Describes a service.</summary>
    public RompServiceDescription(RompObjectDescription[] objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        foreach (RompObjectDescription description in objects)
            ArgumentNullException.ThrowIfNull(description, nameof(objects));
        Objects = (RompObjectDescription[])objects.Clone();
    }

    /// <summary>The bound names the caller may resolve, in ordinal order.</summary>
    public IReadOnlyList<RompObjectDescription> Objects { get; }

    /// <summary>The object bound as <paramref name="name"/>, or null when the description does not list it.</summary>
    public RompObjectDescription? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (RompObjectDescription description in Objects)
        {
            if (description.Name == name)
                return description;
        }

        return null;
    }
}
