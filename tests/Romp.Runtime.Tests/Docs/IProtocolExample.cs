namespace Romp.Tests.Docs;

/// <summary>The interface of docs/protocol.md §6, whose bytes <see cref="ProtocolExampleTests"/> checks.</summary>
[RompObject(Name = "demo.calc")]
public interface IProtocolExample
{
    ValueTask<int> AddAsync(int a, int b);
}
