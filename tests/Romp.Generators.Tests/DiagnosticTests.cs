using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Romp.Generators.Diagnostics;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

[TestFixture]
public sealed class DiagnosticTests
{
    private const string Usings = TestSource.Usings;

    [Test]
    public void ValidObjectAndSerializable_NoDiagnostics()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompObject]
            public interface IInventory
            {
                ValueTask<Item?> FindAsync(string sku, CancellationToken ct = default);
                Task<IReadOnlyList<Item>> ListAsync();
                [Oneway] void Touch(string sku);
                IAsyncEnumerable<Item> WatchAsync(CancellationToken ct);
                int Count { get; }
            }

            [RompSerializable]
            public sealed record Item(string Sku, int Quantity);
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        Assert.That(output.Sources.Select(static s => s.HintName), Is.EquivalentTo(new[]
        {
            "Demo.IInventory.Proxy.g.cs", "Demo.IInventory.Dispatcher.g.cs", "Demo.IInventory.Contract.g.cs", "Demo.IInventory.Description.g.cs", "Demo.Item.Formatter.g.cs",
        }));
    }

    [Test]
    public void RompObject_StaticAndDefaultImplementedMembers_AreNotRemote()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            public interface INamed
            {
                string Name();
            }

            [RompObject]
            public interface IGreeter : INamed
            {
                string INamed.Name() => "greeter";
                string Greet(string name);
                string GreetAll(string a, string b) => Greet(a) + Greet(b);
                static string Describe() => "greeter";
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        string dispatcher = output.Source("Demo.IGreeter.Dispatcher.g.cs");
        Assert.That(dispatcher, Does.Contain("Call_Greet(call)"));
        Assert.That(dispatcher, Does.Not.Contain("GreetAll").And.Not.Contain("Describe").And.Not.Contain("Name"));
    }

    [Test]
    public void RompObject_DisposableBases_AreNotRemote()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            public interface IResource : IAsyncDisposable
            {
                string Describe();
            }

            [RompObject]
            public interface IHandle : IResource, IDisposable
            {
                string Name();
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        string dispatcher = output.Source("Demo.IHandle.Dispatcher.g.cs");
        Assert.That(dispatcher, Does.Contain("return Call_Describe(call);").And.Contain("return Call_Name(call);"));
        Assert.That(dispatcher.Split("\n").Count(static line => line.TrimStart().StartsWith("case ", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(dispatcher, Does.Not.Contain("Dispose"));
        Assert.That(output.Source("Demo.IHandle.Proxy.g.cs"), Does.Not.Contain("Dispose"));
    }

    [Test]
    public void RompObject_BlockWithErrorType_ReportsNothing()
    {
        GeneratorOutput output = GeneratorHarness.RunUnchecked(Usings + """
            [RompObject]
            public interface IRunner
            {
                void Run(Action<Missing> step);
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
    }

    [Test]
    public void ROMP0001_ObjectOnClass_IsReported() => AssertReported(DiagnosticIds.ObjectMustBeInterface, Usings + """
        [RompObject]
        public class [|Calculator|]
        {
        }
        """);

    [Test]
    public void ROMP0002_GenericInterface_IsReported() => AssertReported(DiagnosticIds.ObjectMustNotBeGeneric, Usings + """
        [RompObject]
        public interface [|IRepository|]<T>
        {
            T Get(int id);
        }
        """);

    [Test]
    public void ROMP0003_PrivateNestedInterface_IsReported() => AssertReported(DiagnosticIds.ObjectNotAccessible, Usings + """
        public class Outer
        {
            [RompObject]
            private interface [|IHidden|]
            {
                void Run();
            }
        }
        """);

    [Test]
    public void ROMP0004_RefParameter_IsReported() => AssertReported(DiagnosticIds.ByRefParameter, Usings + """
        [RompObject]
        public interface ICounter
        {
            void Increment([|ref int value|]);
        }
        """);

    [Test]
    public void ROMP0005_GenericMethod_IsReported() => AssertReported(DiagnosticIds.GenericMethod, Usings + """
        [RompObject]
        public interface IStore
        {
            T [|Get|]<T>(int id);
        }
        """);

    [Test]
    public void ROMP0006_Event_IsReported() => AssertReported(DiagnosticIds.EventNotSupported, Usings + """
        [RompObject]
        public interface IClock
        {
            event EventHandler [|Ticked|];
        }
        """);

    [Test]
    public void ROMP0007_UnmarkedClassParameter_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnsupportedParameterType, Usings + """
            public class Widget
            {
            }

            [RompObject]
            public interface IFactory
            {
                void Register(int id, [|List<Widget>|] widgets);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'widgets'").And.Contain("List<Demo.Widget>").And.Contain("Mark 'Demo.Widget' [RompSerializable]"));
    }

    [Test]
    public void ROMP0007_InterfaceWithoutRompObject_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnsupportedParameterType, Usings + """
            public interface IPlain
            {
                int Value { get; }
            }

            [RompObject]
            public interface IConsumer
            {
                void Use([|IPlain|] plain);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("mark the interface [RompObject] to pass objects by reference"));
    }

    [Test]
    public void ROMP0007_GenericRompObjectInterface_IsReported()
    {
        (string source, TextSpan span) = Markup.Parse(Usings + """
            [RompObject]
            public interface IBox<T>
            {
                T Get();
            }

            [RompObject]
            public interface IConsumer
            {
                void Use([|IBox<int>|] box);
            }
            """);
        GeneratorOutput output = GeneratorHarness.RunUnchecked(source);

        Diagnostic diagnostic = output.GeneratorDiagnostics.Single(static d => d.Id == DiagnosticIds.UnsupportedParameterType);
        Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(span));
        Assert.That(diagnostic.GetMessage(), Does.Contain("A generic [RompObject] interface has no contract"));
        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EquivalentTo(new[] { DiagnosticIds.ObjectMustNotBeGeneric, DiagnosticIds.UnsupportedParameterType }));
    }

    // ROMP0007 for parameters that are not blocks themselves, ROMP0008 for results and property types.
    [TestCase(DiagnosticIds.UnsupportedParameterType, "void Run([|List<Action>|] steps);")]
    [TestCase(DiagnosticIds.UnsupportedParameterType, "void Run([|Func<int>[]|] steps);")]
    [TestCase(DiagnosticIds.UnsupportedParameterType, "void Run([|(Action, int)|] step);")]
    [TestCase(DiagnosticIds.UnsupportedParameterType, "int this[[|Func<int>|] key] { get; }")]
    [TestCase(DiagnosticIds.UnsupportedParameterType, "void Run(int a, [|Dictionary<string, Action<int>>|] steps);")]
    [TestCase(DiagnosticIds.UnsupportedReturnType, "[|Func<int, int>|] GetMapper();")]
    [TestCase(DiagnosticIds.UnsupportedReturnType, "[|Task<Action>|] GetAsync();")]
    [TestCase(DiagnosticIds.UnsupportedReturnType, "[|IAsyncEnumerable<Action<int>>|] WatchAsync();")]
    [TestCase(DiagnosticIds.UnsupportedReturnType, "[|List<Func<int>>|] Steps();")]
    [TestCase(DiagnosticIds.UnsupportedReturnType, "[|Action|] Callback { get; set; }")]
    public void ROMP0007_ROMP0008_DelegateOutsideBlockParameter_IsReported(string id, string member)
    {
        Diagnostic diagnostic = AssertReported(id, Usings + $$"""
            [RompObject]
            public interface IRunner
            {
                {{member}}
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("A delegate can only be a parameter of a remote method, where it is a block valid for the duration of the call."));
    }

    [Test]
    public void ROMP0008_UnsupportedReturnType_IsReported() => AssertReported(DiagnosticIds.UnsupportedReturnType, Usings + """
        [RompObject]
        public interface IFiles
        {
            [|Task<object>|] OpenAsync(string path);
        }
        """);

    [Test]
    public void ROMP0009_OnewayWithResult_IsReported() => AssertReported(DiagnosticIds.OnewayWithResult, Usings + """
        [RompObject]
        public interface ILog
        {
            [[|Oneway|]]
            Task<int> WriteAsync(string line);
        }
        """);

    [Test]
    public void ROMP0010_OnewaySyncOnVoid_IsReported() => AssertReported(DiagnosticIds.OnewaySyncRequiresTask, Usings + """
        [RompObject]
        public interface ILog
        {
            [[|Oneway(Sync = true)|]]
            void Write(string line);
        }
        """);

    [Test]
    public void ROMP0011_CancellationTokenNotLast_IsReported() => AssertReported(DiagnosticIds.CancellationTokenNotLast, Usings + """
        [RompObject]
        public interface IWorker
        {
            Task RunAsync([|CancellationToken ct|], int steps);
        }
        """);

    [Test]
    public void ROMP0012_OnewayOnStream_IsReported() => AssertReported(DiagnosticIds.OnewayNotAllowed, Usings + """
        [RompObject]
        public interface IFeed
        {
            [[|Oneway|]]
            IAsyncEnumerable<int> WatchAsync();
        }
        """);

    [Test]
    public void ROMP0012_OnewayOnPropertyAccessor_IsReported() => AssertReported(DiagnosticIds.OnewayNotAllowed, Usings + """
        [RompObject]
        public interface ISettings
        {
            int Level { get; [[|Oneway|]] set; }
        }
        """);

    [Test]
    public void ROMP0013_StaticAbstractMember_IsReported() => AssertReported(DiagnosticIds.StaticAbstractMember, Usings + """
        [RompObject]
        public interface IShape
        {
            static abstract IShape [|Create|]();
            double Area();
        }
        """);

    [Test]
    public void ROMP0014_InitAccessor_IsReported() => AssertReported(DiagnosticIds.InitAccessor, Usings + """
        [RompObject]
        public interface IProfile
        {
            string Name { get; [|init|]; }
        }
        """);

    [TestCase("", "Filter", "public delegate bool Filter(string item);", "Only System.Action and System.Func delegates can be blocks")]
    [TestCase("", "Update", "public delegate void Update(ref int value);", "Only System.Action and System.Func delegates can be blocks")]
    [TestCase("", "EventHandler", "", "Only System.Action and System.Func delegates can be blocks")]
    [TestCase("", "Func<object, Task>", "", "Its parameter type 'object' cannot be marshalled. Declare a concrete type instead of object.")]
    [TestCase("", "Func<Task<object>>", "", "Its result type 'object' cannot be marshalled.")]
    [TestCase("", "Func<Action, Task>", "", "A block cannot take or return another delegate.")]
    [TestCase("", "Func<int, Func<int>>", "", "A block cannot take or return another delegate.")]
    [TestCase("", "Action<CancellationToken>", "", "A block cannot take or return a CancellationToken")]
    [TestCase("", "Func<IAsyncEnumerable<int>>", "", "A block cannot return a stream")]
    [TestCase("int a, ", "Action<List<Action>>", "", "A delegate can only be a parameter of a remote method")]
    public void ROMP0016_UnsupportedBlock_IsReported(string before, string type, string declarations, string problem)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnsupportedBlock, Usings + $$"""
            {{declarations}}

            [RompObject]
            public interface IRunner
            {
                Task RunAsync({{before}}[|{{type}}|] step, CancellationToken ct = default);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("Parameter 'step' of 'IRunner.RunAsync' has delegate type").And.Contain(problem));
    }

    [Test]
    public void RompObject_IdempotentOnRequestsAndAccessors_ReportsNothing()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompObject]
            public interface IStore
            {
                [Idempotent] ValueTask<int> GetAsync(string key, CancellationToken ct = default);
                [Idempotent] Task PutAsync(string key, int value);
                [Idempotent] void Clear();
                [Idempotent] Task EachAsync(Func<int, ValueTask> visit);
                int Level { [Idempotent] get; [Idempotent] set; }
                string this[int index] { [Idempotent] get; set; }
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
    }

    [TestCase("[Oneway, [|Idempotent|]] void Publish(int price);")]
    [TestCase("[[|Idempotent|]] [Oneway] Task PublishAsync(int price);")]
    [TestCase("[Oneway(Sync = true), [|Idempotent|]] ValueTask PublishAsync(int price);")]
    public void ROMP0017_IdempotentOneway_IsReported(string member)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.IdempotentOneway, Usings + $$"""
            [RompObject]
            public interface IPrices
            {
                {{member}}
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.StartWith("'IPrices.Publish"));
    }

    [Test]
    public void ROMP0018_IdempotentStream_IsReported() => AssertReported(DiagnosticIds.IdempotentStream, Usings + """
        [RompObject]
        public interface IPrices
        {
            [[|Idempotent|]]
            IAsyncEnumerable<int> WatchAsync(CancellationToken ct = default);
        }
        """);

    [Test]
    public void ROMP0018_IdempotentOnewayStream_IsReportedInsteadOfROMP0017()
    {
        GeneratorOutput output = GeneratorHarness.RunUnchecked(Usings + """
            [RompObject]
            public interface IPrices
            {
                [Oneway, Idempotent] IAsyncEnumerable<int> WatchAsync();
            }
            """);

        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EqualTo(new[] { DiagnosticIds.OnewayNotAllowed, DiagnosticIds.IdempotentStream }));
    }

    [Test]
    public void ROMP0019_MoreThan32767Methods_IsReported()
    {
        // 16,384 properties with a getter and a setter: 32,768 remote methods, one past the last method id.
        var members = new System.Text.StringBuilder();
        for (int i = 0; i < 16_384; i++)
            members.Append("    int P").Append(i).Append(" { get; set; }\n");

        Diagnostic diagnostic = AssertReported(DiagnosticIds.TooManyMethods, Usings + $$"""
            [RompObject]
            public interface [|IHuge|]
            {
            {{members}}
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("32768 remote methods").And.Contain("at most 32767"));
    }

    [Test]
    public void RompObject_StreamPipeReaderAndProgress_ReportNothing()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            using System.IO;
            using System.IO.Pipelines;

            [RompObject]
            public interface IFiles
            {
                ValueTask<long> UploadAsync(string name, Stream content, IProgress<long> progress, CancellationToken ct = default);
                Task<Stream> DownloadAsync(string name);
                Stream? Open(string name);
                ValueTask<PipeReader> ReadAsync(PipeReader input, Stream? second);
                IAsyncEnumerable<int> ScanAsync(Stream content, IProgress<Step>? progress);
                void Compare(Stream a, Stream b, IProgress<int> first, IProgress<string> second);
            }

            [RompSerializable]
            public sealed record Step(int Number, string Note);
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
    }

    [TestCase("[|IObservable<int>|] WatchAsync();", "The result of 'IFeed.WatchAsync' is 'System.IObservable<int>'")]
    [TestCase("[|Task<IObservable<int>>|] WatchAsync();", "The result of 'IFeed.WatchAsync' is 'System.IObservable<int>'")]
    [TestCase("Task PublishAsync([|IObservable<string>|] events);", "Parameter 'events' of 'IFeed.PublishAsync' is 'System.IObservable<string>'")]
    public void ROMP0040_Observable_IsReported(string member, string subject)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.ObservableNotSupported, Usings + $$"""
            [RompObject]
            public interface IFeed
            {
                {{member}}
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain(subject).And.Contain("Return IAsyncEnumerable<T> instead"));
    }

    [TestCase("Task SendAsync([|List<Stream>|] parts);", "Parameter 'parts' of 'IFiles.SendAsync' has type 'System.Collections.Generic.List<System.IO.Stream>', which holds 'System.IO.Stream'")]
    [TestCase("Task SendAsync([|Stream?[]|] parts);", "has type 'System.IO.Stream?[]', which holds 'System.IO.Stream?'")]
    [TestCase("[|Task<(Stream, int)>|] GetAsync();", "The result of 'IFiles.GetAsync' has type '(System.IO.Stream, int)'")]
    [TestCase("[|IAsyncEnumerable<Stream>|] AllAsync();", "The result of 'IFiles.AllAsync' has type 'System.IO.Stream'")]
    [TestCase("[|Stream|] Content { get; }", "The result of 'IFiles.Content' has type 'System.IO.Stream'")]
    [TestCase("int this[[|Stream|] key] { get; }", "Parameter 'key' of 'IFiles.this[]' has type 'System.IO.Stream'")]
    [TestCase("[|Task<IProgress<int>>|] TrackAsync();", "The result of 'IFiles.TrackAsync' has type 'System.IProgress<int>'")]
    [TestCase("Task SendAsync([|List<IProgress<int>>|] progress);", "which holds 'System.IProgress<int>'. An IProgress<T> travels only as a remote method's own parameter.")]
    [TestCase("Task SendAsync([|PipeReader[]|] parts);", "which holds 'System.IO.Pipelines.PipeReader'")]
    public void ROMP0041_StreamOrProgressInsideAValue_IsReported(string member, string message)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.CallScopedValueMisplaced, Usings + $$"""
            using System.IO;
            using System.IO.Pipelines;

            [RompObject]
            public interface IFiles
            {
                {{member}}
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain(message).And.Contain("Declare it as a parameter of a remote method of its own"));
    }

    [TestCase("Task SendAsync([|FileStream|] file);", "Parameter 'file' of 'IFiles.SendAsync' is declared as 'System.IO.FileStream'", "System.IO.Stream")]
    [TestCase("[|Task<MemoryStream>|] GetAsync();", "The result of 'IFiles.GetAsync' is declared as 'System.IO.MemoryStream'", "System.IO.Stream")]
    [TestCase("Task RunAsync([|Progress<int>|] progress);", "Parameter 'progress' of 'IFiles.RunAsync' is declared as 'System.Progress<int>'", "System.IProgress<int>")]
    public void ROMP0042_DerivedStreamOrProgressClass_IsReported(string member, string subject, string better)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.DeclareAsSentType, Usings + $$"""
            using System.IO;

            [RompObject]
            public interface IFiles
            {
                {{member}}
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain(subject).And.Contain($"Declare it as '{better}'"));
    }

    [TestCase("IProgress<object>", "reports 'object', which Romp cannot marshal. Declare a concrete type instead of object.")]
    [TestCase("IProgress<Action>", "reports 'System.Action', which Romp cannot marshal. A progress report cannot be a delegate; report a value.")]
    [TestCase("IProgress<Stream>", "reports 'System.IO.Stream', which Romp cannot marshal. A Stream or PipeReader travels only as a remote method's own parameter or result")]
    [TestCase("IProgress<Thing>", "reports 'Demo.Thing', which Romp cannot marshal. Mark 'Demo.Thing' [RompSerializable]")]
    public void ROMP0043_ProgressOfWhatCannotBeMarshalled_IsReported(string type, string message)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.ProgressItemNotMarshallable, Usings + $$"""
            using System.IO;

            public sealed class Thing
            {
            }

            [RompObject]
            public interface IJobs
            {
                Task RunAsync([|{{type}}|] progress);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.StartWith("Parameter 'progress' of 'IJobs.RunAsync' " + message));
    }

    [TestCase("[Oneway] void Upload([|Stream|] content);", "parameter 'content' is a byte stream")]
    [TestCase("[Oneway(Sync = true)] Task UploadAsync(int id, [|PipeReader|] content);", "parameter 'content' is a byte stream")]
    [TestCase("[Oneway] Task RunAsync([|IProgress<int>|] progress);", "parameter 'progress' is a progress object (IProgress<T>)")]
    public void ROMP0044_OnewayWithStreamOrProgress_IsReported(string member, string message)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.OnewayWithCallScopedParameter, Usings + $$"""
            using System.IO;
            using System.IO.Pipelines;

            [RompObject]
            public interface IFiles
            {
                {{member}}
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain(message).And.Contain("Remove [Oneway]"));
    }

    [Test]
    public void ROMP0045_IdempotentWithStream_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.IdempotentWithByteStream, Usings + """
            using System.IO;

            [RompObject]
            public interface IFiles
            {
                [Idempotent] Task PutAsync(string name, [|Stream|] content, IProgress<int> progress);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("parameter 'content' is a byte stream, which is read once").And.Contain("Remove [Idempotent]"));
    }

    [TestCase("Stream", "A Stream or PipeReader travels only as a remote method's own parameter or result")]
    [TestCase("FileStream", "declare it as Stream, not as a derived type such as FileStream")]
    [TestCase("IProgress<int>", "An IProgress<T> travels only as a remote method's own parameter")]
    [TestCase("IObservable<int>", "Romp does not marshal IObservable<T>: return IAsyncEnumerable<T> instead")]
    public void ROMP0101_StreamProgressOrObservableMember_SaysWhereItCanTravel(string type, string advice)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnsupportedMemberType, Usings + $$"""
            using System.IO;

            [RompSerializable]
            public class Upload
            {
                public int Id { get; set; }
                public [|{{type}}?|] Content { get; set; }
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain(advice));
    }

    [Test]
    public void ROMP0021_TwoSignaturesWithOneDerivedId_IsReported()
    {
        // Found by search: the two signatures hash to the same 15-bit id, 622.
        Assert.That(Parsing.MethodId.FromHash(Parsing.MethodId.Hash("Ping151()->void")), Is.EqualTo(Parsing.MethodId.FromHash(Parsing.MethodId.Hash("Ping192()->void"))));

        Diagnostic diagnostic = AssertReported(DiagnosticIds.DuplicateMethodId, Usings + """
            [RompObject]
            public interface IPinger
            {
                void Ping151();
                void [|Ping192|]();
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'IPinger.Ping151' (derived from its signature) and 'IPinger.Ping192' (derived from its signature) both have method id 622")
            .And.Contain("Give one of them an explicit [RompId(n)]"));
    }

    [Test]
    public void ROMP0021_ExplicitIdTakenTwice_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.DuplicateMethodId, Usings + """
            public interface IBase
            {
                [RompId(5)] void Open();
            }

            [RompObject]
            public interface IDoor : IBase
            {
                [[|RompId(5)|]] void Close();
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'IBase.Open' (from [RompId]) and 'IDoor.Close' (from [RompId]) both have method id 5"));
    }

    [Test]
    public void ROMP0021_PropertySetterOnAnExplicitId_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.DuplicateMethodId, Usings + """
            [RompObject]
            public interface IThermostat
            {
                [RompId(10)] int Target { get; set; }
                [[|RompId(11)|]] void Reset();
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'IThermostat.set_Target' (from its property's [RompId] + 1) and 'IThermostat.Reset' (from [RompId]) both have method id 11"));
    }

    [TestCase("0")]
    [TestCase("32768")]
    [TestCase("-3")]
    public void ROMP0022_RompIdOutOfRange_IsReported(string id)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.MethodIdOutOfRange, Usings + $$"""
            [RompObject]
            public interface IClock
            {
                [[|RompId({{id}})|]] void Tick();
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain($"[RompId({id})] on 'IClock.Tick' is out of range: method ids are 1 to 32767").And.Contain("Pick an id in that range"));
    }

    [Test]
    public void ROMP0022_PropertyWhoseSetterWouldPassTheLastId_IsReportedOnce()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.MethodIdOutOfRange, Usings + """
            [RompObject]
            public interface IClock
            {
                [[|RompId(32767)|]] int Hour { get; set; }
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("its [RompId] is at most 32766"));
    }

    [Test]
    public void ROMP0022_GetOnlyPropertyOnTheLastId_IsFine()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompObject]
            public interface IClock
            {
                [RompId(32767)] int Hour { get; }
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
    }

    [Test]
    public void ROMP0023_ExplicitIdReserved_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.MethodIdReserved, Usings + """
            [RompObject, RompReserved(3, 4)]
            public interface IClock
            {
                [[|RompId(4)|]] void Tick();
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'IClock.Tick' has method id 4 (from [RompId]), which [RompReserved] on 'Demo.IClock' keeps for a removed method")
            .And.Contain("Give it another [RompId]."));
    }

    [Test]
    public void ROMP0023_DerivedIdReservedByABase_IsReported()
    {
        // Ping()->void derives id 26191.
        Assert.That(Parsing.MethodId.FromHash(Parsing.MethodId.Hash("Ping()->void")), Is.EqualTo(26191));

        Diagnostic diagnostic = AssertReported(DiagnosticIds.MethodIdReserved, Usings + """
            [RompReserved(26191)]
            public interface IBase
            {
            }

            [RompObject]
            public interface IPinger : IBase
            {
                void [|Ping|]();
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("(derived from its signature), which [RompReserved] on 'Demo.IBase'")
            .And.Contain("Give it an explicit [RompId] with an id that is not reserved."));
    }

    [Test]
    public void ROMP0024_MethodNameReserved_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.MethodNameReserved, Usings + """
            [RompObject, RompReserved("SendAsync", "Topic")]
            public interface IChat
            {
                Task [|SendAsync|](string text, int priority);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'IChat.SendAsync' is named 'SendAsync', which [RompReserved] on 'Demo.IChat' keeps for a removed method")
            .And.Contain("Rename the method"));
    }

    [Test]
    public void ROMP0024_PropertyNameReserved_IsReportedForEachAccessor()
    {
        GeneratorOutput output = GeneratorHarness.RunUnchecked(Usings + """
            [RompObject, RompReserved("Topic")]
            public interface IChat
            {
                string Topic { get; set; }
            }
            """);

        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EqualTo(new[] { DiagnosticIds.MethodNameReserved, DiagnosticIds.MethodNameReserved }));
        Assert.That(output.GeneratorDiagnostics[1].GetMessage(), Does.Contain("'IChat.set_Topic' is named 'Topic'"));
        Assert.That(output.CompilationDiagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "no generated code fails to compile");
    }

    [Test]
    public void ROMP0025_RompIdOnAnAccessor_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.RompIdOnAccessor, Usings + """
            [RompObject]
            public interface IThermostat
            {
                int Target { [[|RompId(3)|]] get; set; }
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("Put it on the property instead"));
    }

    [TestCase("\"\"")]
    [TestCase("\"  \"")]
    public void ROMP0026_EmptyContractName_IsReported(string name)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.InvalidContractName, Usings + $$"""
            [RompObject([|Name = {{name}}|])]
            public interface IChat
            {
                void Leave();
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("or remove Name to use the interface's full name, 'Demo.IChat'"));
    }

    [TestCase("0", "the id 0")]
    [TestCase("40000", "the id 40000")]
    [TestCase("\"\"", "an empty name")]
    public void ROMP0027_ReservationNoMethodCanHave_IsReported(string entry, string described)
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.InvalidReservation, Usings + $$"""
            [RompObject, [|RompReserved({{entry}})|]]
            public interface IChat
            {
                void Leave();
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain($"[RompReserved] on 'Demo.IChat' lists {described}").And.Contain("Remove it."));
    }

    [Test]
    public void RompReservedAndRompId_ThatAgree_NoDiagnostics()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompObject(Name = "chat.v2"), RompReserved(2, 3), RompReserved("SendAsync")]
            public interface IChat
            {
                [RompId(1)] Task PostAsync(string text);
                [RompId(4)] string Topic { get; set; }
                Task LeaveAsync();
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
    }

    [Test]
    public void ROMP0101_UnsupportedMemberType_IsReported() => AssertReported(DiagnosticIds.UnsupportedMemberType, Usings + """
        [RompSerializable]
        public class Bag
        {
            public int Id { get; set; }
            public [|object?|] Content { get; set; }
        }
        """);

    [Test]
    public void ROMP0101_DelegateMember_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnsupportedMemberType, Usings + """
            [RompSerializable]
            public class Job
            {
                public int Id { get; set; }
                public [|Action?|] Done { get; set; }
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("A delegate can only be a parameter of a remote method"));
    }

    [Test]
    public void ROMP0007_JsonElementParameter_AdvisesSendingTheJsonAsAString()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnsupportedParameterType, Usings + """
            [RompObject]
            public interface IDocuments
            {
                Task StoreAsync([|System.Text.Json.JsonElement|] document);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("Send the JSON as a string").And.Not.Contain("Mark 'System.Text.Json"));
    }

    [Test]
    public void ROMP0008_FrameworkTypeResult_SaysItCannotBeMarked()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnsupportedReturnType, Usings + """
            [RompObject]
            public interface ILinks
            {
                [|Task<System.Uri>|] HomeAsync();
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'System.Uri' is a .NET library type").And.Contain("cannot be marked [RompSerializable]"));
    }

    [Test]
    public void ROMP0007_UnmarkedTypeOfReferencedAssembly_SaysToMarkItInItsProject()
    {
        CSharpCompilation library = GeneratorHarness.CreateCompilation(Usings + """
            public sealed class Note
            {
                public string Text { get; set; } = "";
            }
            """).WithAssemblyName("Chat.Contracts");
        using var image = new MemoryStream();
        Assert.That(library.Emit(image).Success, Is.True);

        GeneratorOutput output = GeneratorHarness.Run([MetadataReference.CreateFromImage(image.ToArray())], assertCompiles: false, Usings + """
            [RompObject]
            public interface INotes
            {
                Task AddAsync(Note note);
            }
            """);

        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EqualTo(new[] { DiagnosticIds.UnsupportedParameterType }));
        Assert.That(output.GeneratorDiagnostics[0].GetMessage(),
            Does.Contain("'Demo.Note' is declared in the referenced assembly 'Chat.Contracts': mark it [RompSerializable] in that project"));
    }

    [Test]
    public void ROMP0102_GenericSerializable_IsReported() => AssertReported(DiagnosticIds.SerializableMustNotBeGeneric, Usings + """
        [RompSerializable]
        public class [|Box|]<T>
        {
            public T? Value { get; set; }
        }
        """);

    [Test]
    public void ROMP0103_NoUsableConstructor_IsReported() => AssertReported(DiagnosticIds.NoUsableConstructor, Usings + """
        [RompSerializable]
        public class [|Token|]
        {
            public Token(string secret) => Hash = secret.GetHashCode();

            public int Hash { get; set; }
        }
        """);

    [Test]
    public void ROMP0104_PrivateNestedSerializable_IsReported() => AssertReported(DiagnosticIds.SerializableNotAccessible, Usings + """
        public class Outer
        {
            [RompSerializable]
            private sealed class [|Hidden|]
            {
                public int X { get; set; }
            }
        }
        """);

    [Test]
    public void RompUnion_ValidUnionWithNestedUnion_NoDiagnostics()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompSerializable, RompUnion(0, typeof(Circle)), RompUnion(1, typeof(Polygon))]
            public abstract record Shape;

            [RompSerializable] public sealed record Circle(double Radius) : Shape;

            [RompSerializable, RompUnion(0, typeof(Triangle))]
            public abstract record Polygon : Shape;

            [RompSerializable] public sealed record Triangle(double Side) : Polygon;

            [RompObject]
            public interface IDrawing
            {
                ValueTask<Shape> EchoAsync(Shape shape);
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        Assert.That(output.Sources.Select(static s => s.HintName), Does.Contain("Demo.Shape.Formatter.g.cs").And.Contain("Demo.Polygon.Formatter.g.cs"));
    }

    [Test]
    public void ROMP0120_UnionOnConcreteType_IsReported() => AssertReported(DiagnosticIds.UnionNotAbstract, Usings + """
        [RompSerializable, RompUnion(0, typeof(Circle))]
        public record [|Shape|](string Name);

        [RompSerializable] public sealed record Circle(string Name, double Radius) : Shape(Name);
        """, DiagnosticIds.DerivedFromConcreteSerializable);

    [Test]
    public void ROMP0121_UnionWithoutRompSerializable_IsReported() => AssertReported(DiagnosticIds.UnionNotSerializable, Usings + """
        [RompUnion(0, typeof(Circle))]
        public abstract record [|Shape|];

        [RompSerializable] public sealed record Circle(double Radius) : Shape;
        """);

    [Test]
    public void ROMP0122_TagOutOfRange_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnionTagOutOfRange, Usings + """
            [RompSerializable, [|RompUnion(70000, typeof(Circle))|]]
            public abstract record Shape;

            [RompSerializable] public sealed record Circle(double Radius) : Shape;
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("Tag 70000").And.Contain("from 0 to 65535"));
    }

    [Test]
    public void ROMP0123_DuplicateTag_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnionDuplicateTag, Usings + """
            [RompSerializable]
            [RompUnion(1, typeof(Circle))]
            [[|RompUnion(1, typeof(Square))|]]
            public abstract record Shape;

            [RompSerializable] public sealed record Circle(double Radius) : Shape;
            [RompSerializable] public sealed record Square(double Side) : Shape;
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("both 'Demo.Circle' and 'Demo.Square'"));
    }

    [Test]
    public void ROMP0124_CaseListedTwice_IsReported() => AssertReported(DiagnosticIds.UnionCaseListedTwice, Usings + """
        [RompSerializable]
        [RompUnion(1, typeof(Circle))]
        [[|RompUnion(2, typeof(Circle))|]]
        public abstract record Shape;

        [RompSerializable] public sealed record Circle(double Radius) : Shape;
        """);

    [Test]
    public void ROMP0125_CaseNotDerived_IsReported() => AssertReported(DiagnosticIds.UnionCaseNotDerived, Usings + """
        [RompSerializable, [|RompUnion(0, typeof(Point))|]]
        public abstract record Shape;

        [RompSerializable] public sealed record Point(int X, int Y);
        """);

    [Test]
    public void ROMP0126_CaseNotSerializable_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnionCaseNotMarshallable, Usings + """
            [RompSerializable, [|RompUnion(0, typeof(Circle))|]]
            public abstract record Shape;

            public sealed record Circle(double Radius) : Shape;
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("Mark 'Demo.Circle' [RompSerializable]"));
    }

    [Test]
    public void ROMP0126_AbstractCaseWithoutCases_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnionCaseNotMarshallable, Usings + """
            [RompSerializable, [|RompUnion(0, typeof(Polygon))|]]
            public abstract record Shape;

            [RompSerializable] public abstract record Polygon : Shape;
            """, DiagnosticIds.NoUsableConstructor);

        Assert.That(diagnostic.GetMessage(), Does.Contain("It is abstract").And.Contain("nested union"));
    }

    [Test]
    public void ROMP0127_DerivedFromConcreteSerializable_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.DerivedFromConcreteSerializable, Usings + """
            [RompSerializable] public record Shape(string Name);
            [RompSerializable] public sealed record [|Circle|](string Name, double Radius) : Shape(Name);
            """);

        Assert.That(diagnostic.GetMessage(), Does.StartWith("'Demo.Shape' has derived type 'Demo.Circle', which would be sent as a 'Demo.Shape' and lose its own members")
            .And.Contain("[RompUnion(tag, typeof(Demo.Circle))]").And.Contain("or seal 'Demo.Shape'"));
    }

    [Test]
    public void ROMP0127_SubclassOfAnOpenCaseListedByTheUnion_NotReported()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompSerializable, RompUnion(0, typeof(Square)), RompUnion(1, typeof(FramedSquare))]
            public abstract record Shape;

            [RompSerializable] public record Square(double Side) : Shape;
            [RompSerializable] public sealed record FramedSquare(double Side, string Frame) : Square(Side);
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        Assert.That(output.Source("Demo.Shape.Formatter.g.cs"), Does.Contain("case global::Demo.Square case0 when case0.GetType() == typeof(global::Demo.Square):"));
    }

    [Test]
    public void ROMP0128_DerivedNotAUnionCase_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.DerivedNotAUnionCase, Usings + """
            [RompSerializable, RompUnion(0, typeof(Circle)), RompUnion(4, typeof(Ring))]
            public abstract record Shape;

            [RompSerializable] public sealed record Circle(double Radius) : Shape;
            [RompSerializable] public sealed record Ring(double Inner, double Outer) : Shape;
            [RompSerializable] public sealed record [|Square|](double Side) : Shape;
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("Add [RompUnion(5, typeof(Demo.Square))] to 'Demo.Shape'"));
    }

    [Test]
    public void RompUnion_BrokenUnionInAContract_IsReportedWithoutErrorsInGeneratedCode()
    {
        GeneratorOutput output = GeneratorHarness.RunUnchecked(Usings + """
            [RompSerializable, RompUnion(0, typeof(Circle))]
            public abstract record Shape;

            public sealed record Circle(double Radius) : Shape;

            [RompSerializable]
            public sealed record Drawing(List<Shape> Shapes);

            [RompObject]
            public interface IDrawing
            {
                ValueTask<Shape> EchoAsync(Shape shape);
            }
            """);

        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id),
            Is.EquivalentTo(new[] { DiagnosticIds.UnionCaseNotMarshallable, DiagnosticIds.UnsupportedMemberType, DiagnosticIds.UnsupportedParameterType, DiagnosticIds.UnsupportedReturnType }));
        Assert.That(output.GeneratorDiagnostics.Single(static d => d.Id == DiagnosticIds.UnsupportedReturnType).GetMessage(),
            Does.Contain("Its [RompUnion] cases have errors, reported on 'Demo.Shape'"));
        Assert.That(output.CompilationDiagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error), Is.Empty,
            () => string.Join("\n", output.CompilationDiagnostics));
    }

    [Test]
    public void ROMP0103_AbstractRecord_PointsAtRompUnion()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.NoUsableConstructor, Usings + """
            [RompSerializable]
            public abstract record [|Shape|](string Name);
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("[RompUnion(tag, typeof(Derived))]"));
        Assert.That(diagnostic.GetMessage(), Does.Not.Contain("parameterless"));
    }

    [Test]
    public void ROMP0103_TypeUsedByAnInterface_IsNotFollowedByCompileErrors()
    {
        GeneratorOutput output = GeneratorHarness.RunUnchecked(Usings + """
            [RompSerializable]
            public class Token
            {
                public Token(string secret) => Hash = secret.GetHashCode();
                public int Hash { get; set; }
            }

            [RompSerializable]
            public sealed class Session
            {
                public Token? Token { get; set; }
            }

            [RompObject]
            public interface IVault
            {
                Task<Token> IssueAsync(Token previous);
                Task KeepAsync(Session session);
            }
            """);

        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id),
            Is.EquivalentTo(new[] { "ROMP0103", "ROMP0101", "ROMP0007", "ROMP0008", "ROMP0007" }), () => string.Join("\n", output.GeneratorDiagnostics));
        Assert.That(output.GeneratorDiagnostics.Where(static d => d.Id != "ROMP0103").Select(static d => d.GetMessage()),
            Has.All.Contain("reported on its declaration; fix that first"));
        Assert.That(output.CompilationDiagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error), Is.Empty,
            () => string.Join("\n", output.CompilationDiagnostics));
    }

    [Test]
    public void ROMP0105_MemberIdZero_IsReported() => AssertReported(DiagnosticIds.MemberIdOutOfRange, Usings + """
        [RompSerializable]
        public sealed class Note
        {
            [[|RompId(0)|]]
            public string? Text { get; set; }
        }
        """);

    [Test]
    public void ROMP0105_ReservedIdOutOfRange_IsReported() => AssertReported(DiagnosticIds.MemberIdOutOfRange, Usings + """
        [[|RompReserved(70000)|]]
        [RompSerializable]
        public sealed class Note
        {
            public string? Text { get; set; }
        }
        """);

    [Test]
    public void ROMP0106_TwoMembersWithOneId_IsReported() => AssertReported(DiagnosticIds.DuplicateMemberId, Usings + """
        [RompSerializable]
        public sealed record Note([property: RompId(1)] string Title, [RompId(1)] string [|Body|]);
        """);

    [Test]
    public void ROMP0107_NamesDerivingOneId_IsReported()
    {
        // "Akl" and "Aoz" hash to the same derived id, 0xC029.
        Diagnostic diagnostic = AssertReported(DiagnosticIds.DerivedMemberIdCollision, Usings + """
            [RompSerializable]
            public sealed class Codes
            {
                public int Akl { get; set; }
                public int [|Aoz|] { get; set; }
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("0xC029").And.Contain("[RompId(n)]"));
    }

    [Test]
    public void ROMP0107_ExplicitIdOnOne_IsNotReported()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompSerializable]
            public sealed class Codes
            {
                public int Akl { get; set; }
                [RompId(1)]
                public int Aoz { get; set; }
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
    }

    [Test]
    public void ROMP0108_ReservedId_IsReported() => AssertReported(DiagnosticIds.ReservedMemberId, Usings + """
        [RompReserved(2, 3)]
        [RompSerializable]
        public sealed class Note
        {
            [RompId(1)]
            public string? Title { get; set; }
            [RompId(3)]
            public string? [|Body|] { get; set; }
        }
        """);

    [Test]
    public void ROMP0108_ReservedName_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.ReservedMemberId, Usings + """
            [RompReserved("Subject")]
            [RompSerializable]
            public sealed class Note
            {
                public string? Title { get; set; }
                public string? [|Subject|] { get; set; }
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("uses the name 'Subject'"));
    }

    [Test]
    public void ROMP0108_ReservedNameWithAnExplicitId_IsReported() => AssertReported(DiagnosticIds.ReservedMemberId, Usings + """
        [RompReserved("Subject")]
        [RompSerializable]
        public sealed class Note
        {
            [RompId(7)]
            public string? [|Subject|] { get; set; }
        }
        """);

    [Test]
    public void ROMP0108_NameDerivingAReservedNamesId_IsReported()
    {
        // "Akl" and "Aoz" derive the same id: reserving one reserves the id of the other.
        Diagnostic diagnostic = AssertReported(DiagnosticIds.ReservedMemberId, Usings + """
            [RompReserved("Akl")]
            [RompSerializable]
            public sealed class Codes
            {
                public int [|Aoz|] { get; set; }
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("the wire id 0xC029, which the reserved name 'Akl' derives too"));
    }

    [Test]
    public void ROMP0109_PrivateSetter_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.MemberNotSent, Usings + """
            [RompSerializable]
            public sealed class Account
            {
                public string Owner { get; set; } = "";
                public decimal [|Balance|] { get; private set; }
                public void Deposit(decimal amount) => Balance += amount;
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("setter is private").And.Contain("'balance'").And.Contain("[RompIgnore]"));
    }

    [Test]
    public void ROMP0109_GetOnlyAutoPropertyWithoutParameter_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.MemberNotSent, Usings + """
            [RompSerializable]
            public sealed class Ticket
            {
                public int Number { get; set; }
                public DateTime [|Issued|] { get; } = DateTime.UtcNow;
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("get-only").And.Contain("'issued'").And.Contain("init"));
    }

    [Test]
    public void ROMP0109_ReadonlyFieldWithoutParameter_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.MemberNotSent, Usings + """
            [RompSerializable]
            public struct Sample
            {
                public double Value;
                public readonly long [|Ticks|];
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("readonly").And.Contain("'ticks'"));
    }

    [Test]
    public void ROMP0109_ComputedIgnoredOrConstructorSetMembers_AreNotReported()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompSerializable]
            public sealed class Account
            {
                private readonly List<string> _log = new();

                public Account(decimal balance) => Balance = balance;

                public decimal Balance { get; private set; }
                public bool IsEmpty => Balance == 0;
                public int Entries { get { return _log.Count; } }
                [RompIgnore]
                public DateTime Loaded { get; } = DateTime.UtcNow;
                [RompIgnore]
                public readonly int Cache;
            }

            [RompSerializable]
            public sealed record Line(string Product, [RompIgnore] string? Note = null)
            {
                public string Label => Product + Note;
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
    }

    [Test]
    public void ROMP0110_IgnoredRequiredMember_IsReported() => AssertReported(DiagnosticIds.IgnoredRequiredMember, Usings + """
        [RompSerializable]
        public sealed class Order
        {
            public int Id { get; set; }
            [RompIgnore]
            public required string [|Customer|] { get; init; }
        }
        """);

    [Test]
    public void RompSerializable_IdsReservedAndIgnored_HasNoDiagnostics()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompReserved(4)]
            [RompReserved("Subject")]
            [RompSerializable]
            public sealed record Note([property: RompId(1)] string Title, [RompId(2)] string Body)
            {
                [RompId(3)]
                public DateTimeOffset? Sent { get; init; }
                public List<string> Tags { get; init; } = new();
                [RompIgnore]
                public int Views { get; set; }
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
    }

    [Test]
    public void Descriptors_EveryId_HasLowercaseHelpLinkAndErrorSeverity()
    {
        foreach (DiagnosticDescriptor descriptor in AllDescriptors())
        {
            Assert.That(descriptor.HelpLinkUri, Is.EqualTo("https://github.com/romp-dotnet/romp/blob/main/docs/diagnostics.md#" + descriptor.Id.ToLowerInvariant()));
            Assert.That(descriptor.DefaultSeverity, Is.EqualTo(DiagnosticSeverity.Error), descriptor.Id);
            Assert.That(descriptor.Category, Is.EqualTo("Romp"), descriptor.Id);
        }
    }

    [Test]
    public void Descriptors_EveryId_IsDocumentedAndTracked()
    {
        string root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));
        string docs = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
        string unshipped = File.ReadAllText(Path.Combine(root, "src", "Romp.Generators", "Diagnostics", "AnalyzerReleases.Unshipped.md"));
        string[] ids = AllDescriptors().Select(static d => d.Id).ToArray();
        Assert.That(ids, Is.Unique);
        foreach (string id in ids)
        {
            // The help link's fragment must land on the section: GitHub would slug the heading to "romp0001-rompobject-...".
            Assert.That(docs, Does.Contain($"\n<a id=\"{id.ToLowerInvariant()}\"></a>\n## {id}: "), id + " has no anchored section in docs/diagnostics.md");
            Assert.That(unshipped, Does.Contain("\n" + id + " | Romp | Error |"), id + " is not in AnalyzerReleases.Unshipped.md");
        }
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        typeof(RompDiagnostics).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(static f => f.GetValue(null)).OfType<DiagnosticDescriptor>();

    // alsoReported: diagnostics the case rightly raises elsewhere too (unmarked), besides the one at the marked span.
    private static Diagnostic AssertReported(string id, string markup, params string[] alsoReported)
    {
        (string source, TextSpan span) = Markup.Parse(markup);
        GeneratorOutput output = GeneratorHarness.RunUnchecked(source);
        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EquivalentTo(alsoReported.Prepend(id)),
            () => string.Join("\n", output.GeneratorDiagnostics));
        Diagnostic diagnostic = output.GeneratorDiagnostics.First(d => d.Id == id);
        // What the generator did write compiles: a diagnostic is never followed by an error in generated code.
        Diagnostic[] generatedErrors = output.CompilationDiagnostics
            .Where(static d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true)
            .ToArray();
        Assert.That(generatedErrors, Is.Empty, () => string.Join("\n", generatedErrors.Select(static e => e.ToString())));
        Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(span),
            () => $"reported at '{source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}'");
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        return diagnostic;
    }
}
