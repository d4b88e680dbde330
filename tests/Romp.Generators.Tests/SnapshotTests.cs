using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

[TestFixture]
public sealed class SnapshotTests
{
    [Test]
    public void RompObject_EveryMethodShape_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Romp;

            namespace Demo;

            public interface IService
            {
                string Version();
            }

            [RompObject]
            public interface ICalculator : IService
            {
                ValueTask<int> AddAsync(int a, int b, CancellationToken ct = default);
                Task<string> EchoAsync(string s);
                Task<string?> FindAsync(string? key);
                Task ResetAsync();
                ValueTask PingAsync();
                int Multiply(int a, int b);
                void Clear();
                int this[string key] { get; set; }
                string Name { get; }
                double Scale { set; }
                [Oneway] void Tick(int n);
                [Oneway] Task TickAsync(int n);
                [Oneway(Sync = true)] ValueTask TickSyncAsync(int n, CancellationToken ct);
                IAsyncEnumerable<int> RangeAsync(int start, int count, CancellationToken ct = default);
                Task<List<Point>> PathAsync(Point from, Point to);
                void Add(int value);
                void Add(string value);
                void Keywords(int @class, string @event);
            }

            [RompSerializable]
            public sealed record Point(int X, int Y);
            """);

        Snapshot.Match(output.Sources);
    }

    [Test]
    public void RompObject_ReferencesAndBlocks_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run(TestSource.Usings + """
            [RompObject]
            public interface INode : IDisposable
            {
                string Name { get; }
            }

            [RompObject]
            public interface IGraph
            {
                INode Root();
                void Attach(INode node, INode? parent);
                Task<INode?> FindAsync(string name);
                List<INode> Children(INode parent);
                Edge Link(Edge edge);
                IAsyncEnumerable<INode> WalkAsync(CancellationToken ct = default);

                void Each(Action<int> visit);
                int Map(int value, Func<int, int> map);
                ValueTask VisitAsync(Func<int, ValueTask> visit, CancellationToken ct = default);
                ValueTask<string> DescribeAsync(Func<int, ValueTask<string>> describe);
                Task RunAsync(Func<Task> step);
                Task VisitNodesAsync(Func<INode, ValueTask> visit);
                void EachAgain(Action<int>? visit);
            }

            [RompSerializable]
            public sealed record Edge(string Label, INode Target);
            """);

        Snapshot.Match(output.Sources);
    }

    [Test]
    public void RompObject_SerialAccess_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using Romp;

            namespace Demo.Jobs
            {
                [RompObject(Access = RompAccess.Serial)]
                public interface IJobQueue
                {
                    void Enqueue(string job);
                }
            }
            """);

        Snapshot.Match(output.Sources);
    }

    [Test]
    public void RompObject_IdempotentMembers_MatchesSnapshot()
    {
        // Ids 1, 3, 4 and 7 are idempotent: a method with a token, a Task method, a getter and an indexer setter.
        GeneratorOutput output = GeneratorHarness.Run(TestSource.Usings + """
            [RompObject]
            public interface IStore
            {
                [Idempotent] ValueTask<int> GetAsync(string key, CancellationToken ct = default);
                Task<int> IncrementAsync(string key);
                [Idempotent] Task PutAsync(string key, int value);
                int Level { [Idempotent] get; set; }
                string this[int index] { get; [Idempotent] set; }
                [Oneway] void Touch(string key);
            }
            """);

        Snapshot.Match(output.Sources);
    }

    [Test]
    public void RompObject_NestedInterface_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using System.Threading.Tasks;
            using Romp;

            namespace Demo;

            public static class Outer
            {
                [RompObject]
                public interface IInner
                {
                    Task<Outer.Item> GetAsync(int id);
                }

                [RompSerializable]
                public struct Item
                {
                    public int Id;
                    public string? Label { get; set; }
                }
            }
            """);

        Snapshot.Match(output.Sources);
    }

    [Test]
    public void RompObject_ByteStreamsAndProgress_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run(TestSource.Usings + """
            using System.IO;
            using System.IO.Pipelines;

            [RompObject]
            public interface IFiles
            {
                ValueTask<long> UploadAsync(string name, Stream content, IProgress<long> progress, CancellationToken ct = default);
                Task<Stream> DownloadAsync(string name);
                Stream? Open(string name);
                ValueTask<PipeReader> CopyAsync(PipeReader input, Stream? second);
                IAsyncEnumerable<int> ScanAsync(Stream content, IProgress<Step>? progress);
            }

            [RompSerializable]
            public sealed record Step(int Number, string Note);
            """);

        Snapshot.Match(output.Sources);
    }

    [Test]
    public void RompSerializable_PositionalRecord_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using Romp;

            namespace Demo;

            [RompSerializable]
            public sealed record Point(int X, int Y)
            {
                public int Length => X + Y;
            }
            """);

        Snapshot.Match(output.Sources);
    }

    [Test]
    public void RompSerializable_ClassWithRequiredAndInitMembers_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using System;
            using System.Collections.Generic;
            using Romp;

            namespace Demo;

            [RompSerializable]
            public class Order
            {
                public int Id { get; set; }
                public List<Line> Lines { get; set; } = new();
                public required string Customer { get; init; }
                public DateTimeOffset? Shipped { get; init; }
                public string Summary => Customer + " #" + Id;
            }

            [RompSerializable]
            public class Line
            {
                public Line(string product, decimal quantity)
                {
                    Product = product;
                    Quantity = quantity;
                }

                public string Product { get; }
                public decimal Quantity { get; }
                public string? Note { get; set; }
            }
            """);

        Snapshot.Match(output.Sources);
    }

    [Test]
    public void RompSerializable_StructAndDerivedClass_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using System.Collections.Generic;
            using Romp;

            [RompSerializable]
            public struct Sample
            {
                public double Value;
                public long Ticks { get; set; }
                public Dictionary<string, int[]>? Tags { get; set; }
            }

            public class Entity
            {
                public int Id { get; set; }
            }

            [RompSerializable]
            public sealed class Customer : Entity
            {
                public string Name { get; set; } = "";
                public Customer? Referrer { get; set; }
            }
            """);

        Snapshot.Match(output.Sources);
    }

    [Test]
    public void RompUnion_CasesAndNestedUnion_MatchesSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run(TestSource.Usings + """
            [RompSerializable]
            [RompUnion(0, typeof(Circle))]
            [RompUnion(1, typeof(Square))]
            [RompUnion(2, typeof(Polygon))]
            public abstract record Shape(string Name);

            [RompSerializable]
            public sealed record Circle(string Name, double Radius) : Shape(Name);

            [RompSerializable]
            public record Square(string Name, double Side) : Shape(Name);

            [RompSerializable]
            [RompUnion(0, typeof(Triangle))]
            internal abstract record Polygon(string Name, int Corners) : Shape(Name);

            [RompSerializable]
            internal sealed record Triangle(string Name) : Polygon(Name, 3);

            [RompObject]
            public interface IDrawing
            {
                ValueTask<Shape?> EchoAsync(Shape? shape);
                ValueTask<List<Shape>> AllAsync();
            }
            """);

        Snapshot.Match(output.Sources);
    }
}
