using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Romp.Generators.Diagnostics;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>
/// The [RompFault] rules, ROMP0030–ROMP0036: each with the case that produces it, its span, advice that can be followed,
/// and generated code that still compiles (a rule leaves out only the fault it reports).
/// </summary>
[TestFixture]
public sealed class FaultDiagnosticTests
{
    private const string Usings = TestSource.Usings;

    private const string RoomNotFound = """
        [RompSerializable]
        public sealed class RoomNotFoundException : Exception
        {
            public RoomNotFoundException(string room, string message) : base(message) => Room = room;
            public string Room { get; }
        }

        """;

    [Test]
    public void DeclaredFaults_Valid_NoDiagnosticsAndAFaultTable()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + RoomNotFound + """
            [RompSerializable]
            public sealed class ClosedException(string reason) : Exception("closed: " + reason) { public string Reason { get; } = reason; }

            [RompSerializable]
            public sealed class QuotaException : Exception
            {
                public QuotaException(int limit) : this(limit, "over quota") { }
                private QuotaException(int limit, string text) : base(text) => Limit = limit;
                public int Limit { get; }
            }

            [RompSerializable]
            public sealed class BusyException : Exception
            {
                public int Seconds { get; set; }
                public override string Message => $"busy for {Seconds} s";
            }

            [RompObject]
            [RompFault(typeof(ClosedException))]
            public interface IRooms
            {
                [RompFault(typeof(RoomNotFoundException)), RompFault(typeof(QuotaException)), RompFault(typeof(BusyException))]
                [RompFault(typeof(RoomNotFoundException))]
                Task JoinAsync(string room);

                [Oneway] void Leave(string room);

                [RompFault(typeof(ClosedException))]
                int Count { get; }
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        string faults = output.Source("Demo.IRooms.Faults.g.cs");
        Assert.That(faults, Does.Contain("\"Demo.RoomNotFoundException\"").And.Contain("\"Demo.QuotaException\"").And.Contain("\"Demo.BusyException\""));
        Assert.That(faults, Does.Not.Contain("case 2:"), "a one-way method has no faults, not even its interface's");
        Assert.That(output.Source("Demo.IRooms.Contract.g.cs"), Does.Contain("global::Demo.IRoomsFaults.Find"));
    }

    [Test]
    public void InterfaceFaults_OfTheRompObjectAndOfABase_CoverTheirMembers()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + RoomNotFound + """
            [RompSerializable]
            public sealed class ClosedException(string reason) : Exception("closed: " + reason) { public string Reason { get; } = reason; }

            [RompFault(typeof(ClosedException))]
            public interface IBase { Task PingAsync(); }

            [RompObject]
            [RompFault(typeof(RoomNotFoundException))]
            public interface IRooms : IBase { Task JoinAsync(string room); }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        string faults = output.Source("Demo.IRooms.Faults.g.cs");
        Assert.That(faults, Does.Contain("{ s_fault0, s_fault1 }"), "the base's member: its interface's fault, then the [RompObject]'s");
        Assert.That(faults, Does.Contain("{ s_fault1 }"), "the [RompObject]'s own member: its fault only");
    }

    [Test]
    public void RompObject_WithoutFaults_HasNoFaultTable()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompObject]
            public interface IRooms { Task JoinAsync(string room); }
            """);

        Assert.That(output.Sources.Select(static s => s.HintName), Has.None.Contains("Faults"));
        Assert.That(output.Source("Demo.IRooms.Contract.g.cs"), Does.Not.Contain("Faults"));
    }

    [Test]
    public void SerializableException_ExceptionsOwnMembers_AreNotWireMembers()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + RoomNotFound);

        string formatter = output.Source("Demo.RoomNotFoundException.Formatter.g.cs");
        Assert.That(formatter, Does.Contain("value.Message").And.Contain("value.Room"));
        foreach (string member in new[] { "StackTrace", "Data", "InnerException", "HResult", "Source", "HelpLink", "TargetSite" })
            Assert.That(formatter, Does.Not.Contain("value." + member), member);
    }

    [Test]
    public void ROMP0030_FaultNotException_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.FaultNotException, Usings + """
            [RompSerializable]
            public sealed record RoomInfo(string Name);

            [RompObject]
            public interface IRooms
            {
                [[|RompFault(typeof(RoomInfo))|]]
                Task JoinAsync(string room);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.StartWith("'Demo.RoomInfo' is listed in [RompFault] but does not derive from System.Exception"));
    }

    [TestCase("public sealed class RoomNotFoundException(string room) : Exception(room);", "RoomNotFoundException")]
    [TestCase("", "System.IO.IOException")]
    public void ROMP0031_FaultNotSerializable_IsReported(string declaration, string type)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.FaultNotSerializable, Usings + declaration + $$"""

            [RompObject]
            public interface IRooms
            {
                [[|RompFault(typeof({{type}}))|]]
                Task JoinAsync(string room);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("is not [RompSerializable]").And.Contain("Mark it [RompSerializable]"));
    }

    [Test]
    public void ROMP0032_EmptyName_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.FaultNotUsable, Usings + RoomNotFound + """
            [RompObject]
            public interface IRooms
            {
                [[|RompFault(typeof(RoomNotFoundException), Name = "")|]]
                Task JoinAsync(string room);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("its Name is empty"));
    }

    [Test]
    public void ROMP0032_AbstractException_IsReportedBesideROMP0103()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.FaultNotUsable, Usings + """
            [RompSerializable]
            public abstract class RoomException(string room) : Exception(room) { public string Room { get; } = room; }

            [RompObject]
            public interface IRooms
            {
                [[|RompFault(typeof(RoomException))|]]
                Task JoinAsync(string room);
            }
            """, alsoReported: DiagnosticIds.NoUsableConstructor);

        Assert.That(diagnostic.GetMessage(), Does.Contain("it is abstract").And.Contain("List the concrete exception types"));
    }

    [Test]
    public void FaultWithoutAFittingConstructor_IsLeftOutWithROMP0032BesideROMP0103()
    {
        GeneratorOutput output = GeneratorHarness.RunUnchecked(Usings + """
            [RompSerializable]
            public sealed class RoomNotFoundException(string roomName) : Exception(roomName) { public string Room { get; } = roomName; }

            [RompObject]
            public interface IRooms
            {
                [RompFault(typeof(RoomNotFoundException))]
                Task JoinAsync(string room);
            }
            """);

        // The fault's own ROMP0103, and on the attribute ROMP0032 pointing at it: the type gets no formatter.
        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EquivalentTo(new[] { DiagnosticIds.NoUsableConstructor, DiagnosticIds.FaultNotUsable }),
            () => string.Join("\n", output.GeneratorDiagnostics));
        Assert.That(output.GeneratorDiagnostics.Single(static d => d.Id == DiagnosticIds.FaultNotUsable).GetMessage(), Does.Contain("ROMP0103"));
        Assert.That(output.CompilationDiagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error), Is.Empty);
        Assert.That(output.Sources.Select(static s => s.HintName), Has.None.Contains("Faults"));
    }

    [Test]
    public void ROMP0033_TwoTypesOneName_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.FaultNameConflict, Usings + RoomNotFound + """
            [RompSerializable]
            public sealed class RoomFullException(string room) : Exception(room) { public string Room { get; } = room; }

            [RompObject]
            [RompFault(typeof(RoomNotFoundException), Name = "rooms.missing")]
            public interface IRooms
            {
                [[|RompFault(typeof(RoomFullException), Name = "rooms.missing")|]]
                Task JoinAsync(string room);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'Demo.RoomNotFoundException' and 'Demo.RoomFullException' both have the name 'rooms.missing'"));
    }

    [Test]
    public void ROMP0033_OneTypeTwoNames_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.FaultNameConflict, Usings + RoomNotFound + """
            [RompObject]
            public interface IRooms
            {
                [RompFault(typeof(RoomNotFoundException))]
                [[|RompFault(typeof(RoomNotFoundException), Name = "rooms.missing")|]]
                Task JoinAsync(string room);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("is declared under the names 'Demo.RoomNotFoundException' and 'rooms.missing'"));
    }

    [TestCase("public RoomNotFoundException(string room) => Room = room;")]
    [TestCase("public RoomNotFoundException(string room) : base() => Room = room;")]
    [TestCase("")]
    public void ROMP0034_MessageLost_IsReported(string constructor)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.FaultMessageLost, Usings + $$"""
            [RompSerializable]
            public sealed class RoomNotFoundException : Exception
            {
                {{constructor}}
                public string? Room { get; set; }
            }

            [RompObject]
            public interface IRooms
            {
                [[|RompFault(typeof(RoomNotFoundException))|]]
                Task JoinAsync(string room);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("would get the default message").And.Contain("': base(message)'"));
    }

    [Test]
    public void ROMP0035_StandardException_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.FaultAlreadyStandard, Usings + """
            [RompObject]
            public interface IRooms
            {
                [[|RompFault(typeof(ArgumentException))|]]
                Task JoinAsync(string room);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("comes back to the caller as itself").And.Contain("Remove it from [RompFault]"));
    }

    [Test]
    public void ROMP0036_FaultOnOneway_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.FaultOnOneway, Usings + RoomNotFound + """
            [RompObject]
            public interface IRooms
            {
                [Oneway]
                [[|RompFault(typeof(RoomNotFoundException))|]]
                void Leave(string room);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.StartWith("'IRooms.Leave' is [Oneway]"));
    }

    // The id at the marked span, any ids listed as expected beside it, and generated code that compiles.
    private static Diagnostic AssertReported(string id, string markup, params string[] alsoReported)
    {
        (string source, TextSpan span) = Markup.Parse(markup);
        GeneratorOutput output = GeneratorHarness.RunUnchecked(source);
        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EquivalentTo(alsoReported.Append(id)),
            () => string.Join("\n", output.GeneratorDiagnostics));
        Diagnostic diagnostic = output.GeneratorDiagnostics.Single(d => d.Id == id);
        Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(span),
            () => $"reported at '{source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}'");
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        Assert.That(output.CompilationDiagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error), Is.Empty,
            "no diagnostic may be followed by an error in generated code");
        return diagnostic;
    }
}
