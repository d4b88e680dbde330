using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Romp.Generators.Diagnostics;
using Romp.Generators.Model;
using Romp.Generators.Parsing;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>
/// [MemoryPackable] types in contracts and [RompSerializable] members: Romp.MemoryPack's formatter when the project
/// references it, ROMP0020 when it does not. MemoryPack's own generator does not run here; the partial types compile
/// without it, and so does the code Romp generates for them.
/// </summary>
[TestFixture]
public sealed class MemoryPackTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using MemoryPack;
        using Romp;

        namespace Demo;

        """;

    private const string Shop = Usings + """
        [RompObject]
        public interface IShop
        {
            Task<Order?> FindAsync(Order order, Order[] batch, List<Order> list, Point? at, CancellationToken ct = default);
            IAsyncEnumerable<Order> WatchAsync(CancellationToken ct);
            Task<Receipt> PayAsync(Receipt receipt);
            Task VisitAsync(Func<Order, ValueTask> visit);
        }

        [MemoryPackable]
        public partial class Order
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
        }

        [MemoryPackable]
        public partial struct Point
        {
            public int X;
            public int Y;
        }

        [RompSerializable]
        public sealed record Receipt(int Number, Order Order, Both Both);

        // Both: Romp's own formatter wins, so it needs no Romp.MemoryPack and reads as any [RompSerializable] type.
        [RompSerializable, MemoryPackable]
        public sealed partial record Both(int Value);
        """;

    [Test]
    public void MemoryPackTypes_InEveryPosition_MatchSnapshot()
    {
        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.MemoryPack, assertCompiles: true, Shop);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        Snapshot.Match(output.Sources);
    }

    [Test]
    public void MemoryPackable_AlsoRompSerializable_UsesRompsFormatter()
    {
        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.MemoryPack, assertCompiles: true, Shop);

        string receipt = output.Source("Demo.Receipt.Formatter.g.cs");
        Assert.That(receipt, Does.Contain("= global::Demo.BothFormatter.Instance;"));
        Assert.That(receipt, Does.Contain("= global::Romp.CompilerServices.MemoryPackValueFormatter<global::Demo.Order>.Instance;"));
        Assert.That(output.Sources.Select(static s => s.HintName), Does.Contain("Demo.Both.Formatter.g.cs"));
    }

    [Test]
    public void ROMP0020_ParameterWithoutRompMemoryPack_IsReported()
    {
        Diagnostic diagnostic = AssertReported(Usings + """
            [RompObject]
            public interface IShop
            {
                Task PutAsync([|Order|] order);
            }

            [MemoryPackable] public partial class Order { public int Id { get; set; } }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'Demo.Order' is [MemoryPackable]").And.Contain("Add a PackageReference to Romp.MemoryPack"));
    }

    [Test]
    public void ROMP0020_NestedResultWithoutRompMemoryPack_IsReported() => AssertReported(Usings + """
        [RompObject]
        public interface IShop
        {
            [|Task<Dictionary<string, List<Order>>>|] AllAsync();
        }

        [MemoryPackable] public partial class Order { public int Id { get; set; } }
        """);

    [Test]
    public void ROMP0020_StreamItemWithoutRompMemoryPack_IsReported() => AssertReported(Usings + """
        [RompObject]
        public interface IShop
        {
            [|IAsyncEnumerable<Order>|] WatchAsync();
        }

        [MemoryPackable] public partial class Order { public int Id { get; set; } }
        """);

    [Test]
    public void ROMP0020_SerializableMemberWithoutRompMemoryPack_IsReported() => AssertReported(Usings + """
        [RompSerializable]
        public sealed record Receipt(int Number, [|Order?|] Order);

        [MemoryPackable] public partial class Order { public int Id { get; set; } }
        """);

    [Test]
    public void ROMP0020_BlockParameterWithoutRompMemoryPack_IsReported() => AssertReported(Usings + """
        [RompObject]
        public interface IShop
        {
            Task EachAsync([|Action<Order>|] visit);
        }

        [MemoryPackable] public partial class Order { public int Id { get; set; } }
        """);

    [Test]
    public void ROMP0020_OtherProblemFirst_IsNotReportedInstead()
    {
        GeneratorOutput output = GeneratorHarness.Run([GeneratorHarness.MemoryPackCore], assertCompiles: false, Usings + """
            [RompObject]
            public interface IShop
            {
                Task PutAsync((object, Order) pair);
            }

            [MemoryPackable] public partial class Order { public int Id { get; set; } }
            """);

        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EqualTo(new[] { DiagnosticIds.UnsupportedParameterType }));
    }

    [Test]
    public void MethodSignature_MemoryPackType_IsSpelledWithItsEncoding()
    {
        ObjectModel model = ModelOf(Shop);

        Assert.That(model.Methods.Select(static m => m.SignatureHash), Is.EqualTo(new[]
        {
            MethodId.Hash("FindAsync(memorypack Order,list<memorypack Order>,list<memorypack Order>,nullable<memorypack Point>)->memorypack Order"),
            MethodId.Hash("WatchAsync()->stream<memorypack Order>"),
            MethodId.Hash("PayAsync(Receipt)->Receipt"),
            MethodId.Hash("VisitAsync(block(memorypack Order)->void)->void"),
        }));
    }

    [Test]
    public void MethodIds_SameMemoryPackTypeWithAnAddedMember_AreEqual()
    {
        // A version-tolerant MemoryPack type that gains a member keeps its methods: a signature names types, not their members.
        string added = Shop.Replace("public string Name { get; set; } = \"\";", "public string Name { get; set; } = \"\";\n    public long Total { get; set; }");

        Assert.That(added, Is.Not.EqualTo(Shop));
        Assert.That(Hashes(added), Is.EqualTo(Hashes(Shop)));
    }

    [Test]
    public void MethodIds_TypeSwitchedFromRompSerializableToMemoryPackable_Differ()
    {
        string romp = Shop.Replace("[MemoryPackable]\npublic partial class Order", "[RompSerializable]\npublic partial class Order");

        Assert.That(romp, Is.Not.EqualTo(Shop));
        Assert.That(Hashes(romp).Zip(Hashes(Shop)).Where(static p => p.First != p.Second).Count(), Is.EqualTo(3), "every method that sends an Order");
    }

    [Test]
    public void MethodIds_MemoryPackableAddedToRompSerializable_AreEqual()
    {
        string without = Shop.Replace("[RompSerializable, MemoryPackable]", "[RompSerializable]");

        Assert.That(without, Is.Not.EqualTo(Shop));
        Assert.That(Hashes(without), Is.EqualTo(Hashes(Shop)));
    }

    private static uint[] Hashes(string source) => ModelOf(source).Methods.Select(static m => m.SignatureHash).ToArray();

    private static ObjectModel ModelOf(string source)
    {
        GeneratorOutput output = GeneratorHarness.Run(GeneratorHarness.MemoryPack, assertCompiles: true, source);
        return output.Driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.ObjectModel]
            .SelectMany(static s => s.Outputs)
            .Select(static o => (ObjectModel)o.Value)
            .Single();
    }

    // MemoryPack.Core but not Romp.MemoryPack: the attribute resolves, the formatter does not.
    private static Diagnostic AssertReported(string markup)
    {
        (string source, TextSpan span) = Markup.Parse(markup);
        GeneratorOutput output = GeneratorHarness.Run([GeneratorHarness.MemoryPackCore], assertCompiles: false, source);
        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EqualTo(new[] { DiagnosticIds.MemoryPackNotReferenced }),
            () => string.Join("\n", output.GeneratorDiagnostics));
        Diagnostic diagnostic = output.GeneratorDiagnostics[0];
        Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(span),
            () => $"reported at '{source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}'");
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));

        // Nothing was generated for the failed member: the project does not build, but only because of ROMP0020.
        Assert.That(output.CompilationDiagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error), Is.Empty,
            () => string.Join("\n", output.CompilationDiagnostics));
        return diagnostic;
    }
}
