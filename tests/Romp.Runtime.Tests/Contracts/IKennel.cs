namespace Romp.Tests.Contracts;

/// <summary>Interfaces that inherit one another: an object may come home as a base of the interface it left as.</summary>
[RompObject]
public interface IAnimal
{
    ValueTask<string> NameAsync();
}

[RompObject]
public interface IDog : IAnimal
{
    ValueTask<string> BarkAsync();
}

[RompObject]
public interface IKennel
{
    ValueTask<IDog> GetDogAsync();

    ValueTask<bool> IsOwnAsync(IAnimal animal);
}

public sealed class Dog : IDog
{
    public ValueTask<string> NameAsync() => new("rex");

    public ValueTask<string> BarkAsync() => new("woof");
}

public sealed class Kennel : IKennel
{
    public Dog Dog { get; } = new();

    public ValueTask<IDog> GetDogAsync() => new(Dog);

    public ValueTask<bool> IsOwnAsync(IAnimal animal) => new(ReferenceEquals(animal, Dog));
}
