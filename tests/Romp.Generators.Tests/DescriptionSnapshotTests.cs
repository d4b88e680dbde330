using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>The describe metadata's shapes for every kind of type a contract can use, recursive records included.</summary>
[TestFixture]
public sealed class DescriptionSnapshotTests
{
    [Test]
    public void RompObject_EveryTypeShape_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run(TestSource.Usings + """
            public enum Color : byte { Red = 1, Green = 2, Blue = 200 }

            [Flags]
            public enum Wide : ulong { None = 0, Top = 0x8000000000000000 }

            [RompSerializable]
            public sealed class TreeNode
            {
                public string Name { get; set; } = "";
                public List<TreeNode>? Children { get; set; }
                public TreeNode? Parent { get; set; }
            }

            [RompSerializable]
            public record struct Pair(int Left, Color Right);

            [RompObject]
            public interface ICounter
            {
                ValueTask<int> IncrementAsync();
            }

            [RompObject]
            public interface IShapes
            {
                ValueTask<Color> PaintAsync(Color color, Wide wide, int? maybe, Color? maybeColor);
                ValueTask<byte[]?> BytesAsync(ReadOnlyMemory<byte> memory, int[] numbers, string?[] names);
                Task<Dictionary<string, List<Pair>>> GroupAsync(HashSet<Guid> ids, IReadOnlyDictionary<int, string> map);
                (int Count, string Name) Tuple((long, bool, TreeNode) input);
                DateTime Times(DateTimeOffset a, TimeSpan b, DateOnly c, TimeOnly d, decimal e, Half f, Int128 g, UInt128 h, char i);
                IAsyncEnumerable<TreeNode> WalkAsync(TreeNode root, CancellationToken ct = default);
                ValueTask<ICounter> CounterAsync(ICounter? other);
                ValueTask EachAsync(Func<int, ValueTask<string>> each, Action<Pair> done);
                [Idempotent] Task<IList<Pair>> ListAsync(IEnumerable<Pair> pairs);
                Wide this[Color key] { get; }
            }
            """);

        Snapshot.Match(output.Sources.Where(static s => s.HintName.EndsWith(".Description.g.cs", StringComparison.Ordinal)).ToList());
    }
}
