using Microsoft.CodeAnalysis;
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
            [|Task<System.IO.Stream>|] OpenAsync(string path);
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
            Assert.That(docs, Does.Contain("\n## " + id + ": "), id + " has no section in docs/diagnostics.md");
            Assert.That(unshipped, Does.Contain("\n" + id + " | Romp | Error |"), id + " is not in AnalyzerReleases.Unshipped.md");
        }
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        typeof(RompDiagnostics).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(static f => f.GetValue(null)).OfType<DiagnosticDescriptor>();

    private static Diagnostic AssertReported(string id, string markup)
    {
        (string source, TextSpan span) = Markup.Parse(markup);
        GeneratorOutput output = GeneratorHarness.RunUnchecked(source);
        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EqualTo(new[] { id }),
            () => string.Join("\n", output.GeneratorDiagnostics));
        Diagnostic diagnostic = output.GeneratorDiagnostics[0];
        Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(span),
            () => $"reported at '{source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}'");
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        return diagnostic;
    }
}
