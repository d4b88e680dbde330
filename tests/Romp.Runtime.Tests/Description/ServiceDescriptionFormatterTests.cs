using System.Buffers;
using Romp.CompilerServices;
using Romp.Description;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Description;

/// <summary>The describe answer on the wire: read back as written, in one segment or split at every byte, and never from a prefix.</summary>
[TestFixture]
public sealed class ServiceDescriptionFormatterTests
{
    private static RompServiceDescription Service() => new([
        new RompObjectDescription("counter", RompContracts.Find<ICounter>()!.Describe()),
        new RompObjectDescription("shapes", RompContracts.Find<IShapeService>()!.Describe()),
        new RompObjectDescription("figures", RompContracts.Find<IFigures>()!.Describe()),
        new RompObjectDescription("transfer", RompContracts.Find<ITransfer>()!.Describe()),
        new RompObjectDescription("jobs", RompContracts.Find<IJobs>()!.Describe()),
    ]);

    [Test]
    public void Read_WhatWasWritten_SameDescriptionInOneSegmentAndSplitAtEveryByte()
    {
        byte[] bytes = RompSerializer.Serialize(Service(), ServiceDescriptionFormatter.Instance);

        foreach (ReadOnlySequence<byte> input in new[] { new ReadOnlySequence<byte>(bytes), Segments.Split(bytes) })
        {
            RompServiceDescription read = RompSerializer.Deserialize(input, ServiceDescriptionFormatter.Instance);
            Assert.That(Text(read), Is.EqualTo(Text(Service())));
        }
    }

    [Test]
    public void Read_EveryPrefix_InvalidMessage()
    {
        byte[] bytes = RompSerializer.Serialize(Service(), ServiceDescriptionFormatter.Instance);

        for (int length = 0; length < bytes.Length; length++)
        {
            RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(bytes.AsMemory(0, length), ServiceDescriptionFormatter.Instance));
            Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage), $"{length} of {bytes.Length} bytes");
        }
    }

    [Test]
    public void Read_AnotherFormatVersionOrAnUnknownShapeKind_InvalidMessage()
    {
        byte[] bytes = RompSerializer.Serialize(Service(), ServiceDescriptionFormatter.Instance);
        byte[] newer = [.. bytes];
        newer[0] = 3;
        // "counter" (4 + 7), then ICounter's name, contract name, id and access, its method count, then method 1: id, signature hash, name, kinds, signature, no parameters.
        byte[] single = RompSerializer.Serialize(new RompServiceDescription([new RompObjectDescription("c", new RompContractDescription("I", "i", 1, RompAccess.Parallel,
            [new RompMethodDescription(1, 0xFEEDu, "M", RompMethodKind.Request, RompMemberKind.Method, false, "void M()", [], "void", RompTypeShape.Of(RompTypeKind.Void))], []))]),
            ServiceDescriptionFormatter.Instance);
        byte[] unknownShape = [.. single];
        unknownShape[^5] = 200; // the result's shape kind, before the (empty) type count

        Assert.That(Assert.Throws<RompException>(() => RompSerializer.Deserialize(newer, ServiceDescriptionFormatter.Instance))!.Error, Is.EqualTo(RompError.InvalidMessage));
        Assert.That(Assert.Throws<RompException>(() => RompSerializer.Deserialize(unknownShape, ServiceDescriptionFormatter.Instance))!.Message, Does.Contain("Unknown shape kind 200"));
    }

    // Everything a description says, as text, to compare two of them.
    private static string Text(RompServiceDescription service) => string.Join("\n", service.Objects.Select(static o =>
        $"{o.Name} {o.Contract.InterfaceName} {o.Contract.ContractId:x16} {o.Contract.Access}\n" +
        string.Join("\n", o.Contract.Methods.Select(static m => $"{m.Id} {m.Name} {m.Kind} {m.Member} {m.IsIdempotent} {m.Signature} {m.ResultTypeName} {m.Result.DisplayName} {Shape(m.Result)} " +
            string.Join(",", m.Parameters.Select(static p => $"{p.Name}:{p.TypeName}:{Shape(p.Shape)}")))) + "\n" +
        string.Join("\n", o.Contract.Types.Select(static t => $"{t.Name} {t.Kind} {t.IsValueType} {t.UnderlyingKind} " +
            string.Join(",", t.Members.Select(static m => $"{m.Name}:{m.TypeName}:{Shape(m.Shape)}")) + " " +
            string.Join(",", t.Values.Select(static v => $"{v.Name}={v.Value}")) + " " +
            string.Join(",", t.Cases.Select(static c => $"{c.Tag}:{Shape(c.Shape)}"))))));

    private static string Shape(RompTypeShape shape) =>
        $"{shape.Kind}({shape.Name},{shape.ContractId:x},{string.Join(",", shape.Arguments.Select(Shape))})";

    [Test]
    public void Read_UnionType_KeepsItsCasesByTag()
    {
        byte[] bytes = RompSerializer.Serialize(Service(), ServiceDescriptionFormatter.Instance);

        RompContractDescription figures = RompSerializer.Deserialize(bytes, ServiceDescriptionFormatter.Instance).Find("figures")!.Contract;

        RompNamedType figure = figures.FindType("Romp.Tests.Contracts.Figure")!;
        Assert.That(figure.Kind, Is.EqualTo(RompTypeKind.Union));
        Assert.That(figure.Cases.Select(static c => (c.Tag, c.Shape.Kind, c.Shape.Name)), Is.EqualTo(new[]
        {
            ((ushort)0, RompTypeKind.Record, "Romp.Tests.Contracts.Circle"),
            ((ushort)1, RompTypeKind.Record, "Romp.Tests.Contracts.Square"),
            ((ushort)2, RompTypeKind.Union, "Romp.Tests.Contracts.Polygon"),
        }));
        Assert.That(figures.FindType("Romp.Tests.Contracts.Polygon")!.Cases.Select(static c => c.Shape.Name),
            Is.EqualTo(new[] { "Romp.Tests.Contracts.Triangle", "Romp.Tests.Contracts.Quad" }));
    }
}
