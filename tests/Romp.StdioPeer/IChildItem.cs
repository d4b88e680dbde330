namespace Romp.StdioPeer;

/// <summary>An object <see cref="IItemSource.CreateAsync"/> hands out by reference.</summary>
[RompObject]
public interface IChildItem
{
    ValueTask<int> NumberAsync();
}
