using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Romp.Generators.Diagnostics;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>Turns a <c>[RompObject]</c> declaration into an <see cref="ObjectModel"/>, or into diagnostics.</summary>
internal static class ObjectParser
{
    public static ParseResult<ObjectModel> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not BaseTypeDeclarationSyntax declaration)
            return ParseResult<ObjectModel>.Failed(ImmutableArray<Diagnostic>.Empty);

        var parser = new Parser(type, declaration.Identifier.GetLocation(), KnownSymbols.Create(context.SemanticModel.Compilation), cancellationToken);
        if (!parser.CheckDeclaration())
            return ParseResult<ObjectModel>.Failed(parser.Diagnostics.ToImmutable());

        ObjectModel? model = parser.Build(ReadAccess(context.Attributes), context.Attributes);
        return new ParseResult<ObjectModel>(model, parser.Diagnostics.ToImmutable());
    }

    private static int ReadAccess(ImmutableArray<AttributeData> attributes)
    {
        foreach (AttributeData attribute in attributes)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key == "Access" && argument.Value.Value is int access)
                    return access;
            }
        }

        return 0;
    }

    /// <summary>The C# identifier for a name, escaped with <c>@</c> when it is a keyword.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>What stops generated code from naming <paramref name="type"/>, or <see langword="null"/> when nothing does.</summary>
    public static string? DescribeInaccessibility(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            string? access = current.DeclaredAccessibility switch
            {
                Accessibility.Private => "private",
                Accessibility.Protected => "protected",
                Accessibility.ProtectedAndInternal => "private protected",
                _ => current.IsFileLocal ? "file-local" : null,
            };
            string name = current.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            if (access is not null)
                return SymbolEqualityComparer.Default.Equals(current, type) ? access : $"nested in the {access} type '{name}'";
            if (!SymbolEqualityComparer.Default.Equals(current, type) && current.IsGenericType)
                return $"nested in the generic type '{name}'";
        }

        return null;
    }

    public static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name = outer.MetadataName + "+" + name;
        string ns = TypeParser.NamespaceOf(type);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private sealed class Parser
    {
        private static readonly SymbolDisplayFormat s_messageFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

        private readonly INamedTypeSymbol _type;
        private readonly Location _location;
        private readonly KnownSymbols _known;
        private readonly CancellationToken _cancellationToken;
        private readonly List<PendingMethod> _methods = new();
        private readonly UniqueNames _blockNames = new();
        private readonly List<BlockModel> _blocks = new();
        private readonly TypeShapeParser _shapes;
        private readonly FaultParser _faults;

        // The generated {Interface}Contract, which holds the block classes: global::N.IFooContract.
        private readonly string _contractClass;

        public Parser(INamedTypeSymbol type, Location location, KnownSymbols known, CancellationToken cancellationToken)
        {
            string ns = TypeParser.NamespaceOf(type);
            _contractClass = "global::" + (ns.Length == 0 ? "" : ns + ".") + TypeParser.FormatterBaseName(type) + "Contract";
            _type = type;
            _location = location;
            _known = known;
            _cancellationToken = cancellationToken;
            _shapes = new TypeShapeParser(known, cancellationToken);
            _faults = new FaultParser(type, known, Diagnostics, cancellationToken);
        }

        public ImmutableArray<Diagnostic>.Builder Diagnostics { get; } = ImmutableArray.CreateBuilder<Diagnostic>();

        private bool HasErrors { get; set; }

        public bool CheckDeclaration()
        {
            string name = _type.ToDisplayString(s_messageFormat);
            if (_type.TypeKind != TypeKind.Interface)
            {
                Report(RompDiagnostics.ObjectMustBeInterface, _location, name);
                return false;
            }

            if (_type.IsGenericType)
            {
                Report(RompDiagnostics.ObjectMustNotBeGeneric, _location, _type.Name);
                return false;
            }

            if (DescribeInaccessibility(_type) is { } problem)
            {
                Report(RompDiagnostics.ObjectNotAccessible, _location, name, problem);
                return false;
            }

            return true;
        }

        public ObjectModel? Build(int access, ImmutableArray<AttributeData> attributes)
        {
            List<INamedTypeSymbol> interfaces = BasesFirst(_type, _known);
            HashSet<ISymbol> implementedByDefault = FindDefaultImplementations(interfaces);
            foreach (INamedTypeSymbol declaring in interfaces)
            {
                foreach (ISymbol member in declaring.GetMembers())
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    ParseMember(declaring, member, implementedByDefault);
                }
            }

            if (HasErrors)
                return null;

            // The wire's method id is a uint16 whose top bit says a call header follows (docs/protocol.md §4.1).
            if (_methods.Count > MethodId.Max)
            {
                Report(RompDiagnostics.TooManyMethods, _location, _type.ToDisplayString(s_messageFormat), _methods.Count, MethodId.Max);
                return null;
            }

            string contractName = ContractName.Of(_type, _known, out string? explicitName);
            if (explicitName is not null && explicitName.Trim().Length == 0)
            {
                Report(RompDiagnostics.InvalidContractName, NameLocation(attributes), _type.ToDisplayString(s_messageFormat), MetadataName(_type));
                return null;
            }

            ReservedMembers reserved = ReservedMembers.Read(interfaces, _known, Diagnostics, _cancellationToken);
            ushort[]? ids = MethodIdAssigner.Assign(_methods.Select(static m => m.Identity).ToList(), reserved, _type.ToDisplayString(s_messageFormat), Diagnostics);
            if (ids is null || Diagnostics.Count > 0)
                return null;

            var names = _methods.GroupBy(static m => m.BaseName).Where(static g => g.Count() > 1).Select(static g => g.Key).ToImmutableHashSet();
            var fields = new FormatterFieldAllocator();
            var methods = ImmutableArray.CreateBuilder<MethodModel>(_methods.Count);
            var faults = new List<MethodFaultsModel>();
            for (int i = 0; i < _methods.Count; i++)
            {
                PendingMethod pending = _methods[i];
                ushort id = ids[i];
                string unique = names.Contains(pending.BaseName) ? pending.BaseName + "_" + id.ToString(CultureInfo.InvariantCulture) : pending.BaseName;
                methods.Add(fields.Allocate(pending.Model with { Id = id, UniqueName = unique, SignatureHash = pending.Identity.Hash }));
                if (!pending.Faults.IsEmpty)
                    faults.Add(new MethodFaultsModel(id, pending.Faults));
            }

            return new ObjectModel(
                TypeParser.NamespaceOf(_type),
                TypeParser.FormatterBaseName(_type),
                _type.ToDisplayString(TypeParser.ObliviousFormat),
                _type.ToDisplayString(s_messageFormat),
                access,
                contractName,
                ContractId.Compute(contractName),
                new EquatableArray<MethodModel>(methods.MoveToImmutable()),
                _blocks.Select(b => b with { Invoke = fields.Allocate(b.Invoke) }).ToEquatableArray(),
                new DescriptionModel(_methods.Select(static m => m.Shape).ToEquatableArray(), _shapes.Types()),
                faults.ToEquatableArray());
        }

        // Base interfaces first (depth-first over the declared base lists), then the interface itself: the order of the
        // generated members and of describe (the ids do not depend on it).
        // IDisposable and IAsyncDisposable are not remote: the proxy's Dispose and DisposeAsync release the reference.
        private static List<INamedTypeSymbol> BasesFirst(INamedTypeSymbol type, KnownSymbols known)
        {
            var order = new List<INamedTypeSymbol>();
            var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            Visit(type);
            return order;

            void Visit(INamedTypeSymbol current)
            {
                if (current.SpecialType == SpecialType.System_IDisposable || Same(current, known.AsyncDisposable))
                    return;
                foreach (INamedTypeSymbol baseInterface in current.Interfaces)
                    Visit(baseInterface);
                if (seen.Add(current))
                    order.Add(current);
            }
        }

        // A derived interface can implement a base member (void IBase.M() { }); the proxy then inherits that body.
        private static HashSet<ISymbol> FindDefaultImplementations(List<INamedTypeSymbol> interfaces)
        {
            var implemented = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (INamedTypeSymbol declaring in interfaces)
            {
                foreach (ISymbol member in declaring.GetMembers())
                {
                    if (member.IsAbstract)
                        continue;
                    switch (member)
                    {
                        case IMethodSymbol method:
                            implemented.UnionWith(method.ExplicitInterfaceImplementations);
                            break;
                        case IPropertySymbol property:
                            implemented.UnionWith(property.ExplicitInterfaceImplementations);
                            break;
                        case IEventSymbol @event:
                            implemented.UnionWith(@event.ExplicitInterfaceImplementations);
                            break;
                    }
                }
            }

            return implemented;
        }

        private void ParseMember(INamedTypeSymbol declaring, ISymbol member, HashSet<ISymbol> implementedByDefault)
        {
            if (member.IsStatic)
            {
                // Static members with a body are ordinary helpers; static abstract ones make the interface unusable as a type argument.
                if (member.IsAbstract || member.IsVirtual)
                    Report(RompDiagnostics.StaticAbstractMember, LocationOf(member), Describe(member));
                return;
            }

            // Members with a default implementation run locally on the proxy; they are not remote methods.
            if (!member.IsAbstract || implementedByDefault.Contains(member))
                return;

            switch (member)
            {
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                    ParseMethod(declaring, method);
                    break;
                case IPropertySymbol property:
                    ParseProperty(declaring, property);
                    break;
                case IEventSymbol @event:
                    Report(RompDiagnostics.EventNotSupported, LocationOf(@event), Describe(@event));
                    break;
            }
        }

        private void ParseMethod(INamedTypeSymbol declaring, IMethodSymbol method)
        {
            string name = Describe(method);
            if (method.IsGenericMethod)
            {
                Report(RompDiagnostics.GenericMethod, LocationOf(method), name);
                return;
            }

            Location returnLocation = ReturnTypeLocation(method);
            (ReturnKind returnKind, ITypeSymbol? resultType) = ReturnShape.Classify(method, _known);

            TypeParser.Resolution? result = null;
            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                Report(RompDiagnostics.UnsupportedReturnType, returnLocation, name, method.ReturnType.ToDisplayString(s_messageFormat),
                    "A remote method cannot return by reference; return the value.");
            }
            else if (resultType is not null)
            {
                // A stream's item is inside the stream: a byte stream is a method's own result only.
                result = ResolveResult(resultType, method.ReturnType, returnLocation, name, direct: returnKind != ReturnKind.AsyncEnumerable);
            }

            CallKind call = returnKind == ReturnKind.AsyncEnumerable ? CallKind.Stream : CallKind.Request;
            if (FindAttribute(method, _known.OnewayAttribute) is { } oneway)
            {
                Location onewayLocation = AttributeLocation(oneway, method);
                bool sync = oneway.NamedArguments.Any(static a => a.Key == "Sync" && a.Value.Value is true);
                if (returnKind == ReturnKind.AsyncEnumerable)
                    Report(RompDiagnostics.OnewayNotAllowed, onewayLocation, name, "a stream method");
                else if (resultType is not null)
                    Report(RompDiagnostics.OnewayWithResult, onewayLocation, name);
                else if (sync && returnKind == ReturnKind.Void)
                    Report(RompDiagnostics.OnewaySyncRequiresTask, onewayLocation, name);
                call = sync ? CallKind.OnewaySync : CallKind.Oneway;
            }

            bool idempotent = ParseIdempotent(method, returnKind, call, name);
            Parameters parameters = ParseParameters(method.Parameters, name, allowBlocks: true);
            CheckCallScopedParameters(method, call, idempotent, name);
            if (result is { Model: null } || parameters.Models is null)
                return;

            string canonicalReturn = ReturnShape.Canonical(returnKind, result?.Canonical ?? "");
            int? declaredId = DeclaredId(method, out Location idLocation);

            var shape = new MethodShapeModel(TypeShapeParser.Signature(method), ShapeParameters(method.Parameters, allowBlocks: true),
                method.ReturnType.ToDisplayString(TypeShapeParser.ReadableFormat), _shapes.Result(returnKind, resultType));
            Add(method, new MethodIdentity(name, method.Name, method.Name, parameters.Canonical, canonicalReturn,
                declaredId, 0, LocationOf(method), idLocation), shape, new MethodModel(
                0, Identifier(method.Name), "", MemberKey(declaring, method.MetadataName, method.Parameters), MemberKind.Method, call, returnKind,
                method.ReturnType.ToDisplayString(TypeParser.AnnotatedFormat), result?.Model, parameters.Models.Value,
                parameters.CancellationToken, declaring.ToDisplayString(TypeParser.AnnotatedFormat), idempotent));
        }

        // [Idempotent] lets a call broken by a lost connection be sent again. A one-way call may already have run with
        // no reply to tell, and a stream may already have delivered items, so neither is ever sent again.
        private bool ParseIdempotent(IMethodSymbol method, ReturnKind returnKind, CallKind call, string name)
        {
            if (FindAttribute(method, _known.IdempotentAttribute) is not { } idempotent)
                return false;

            if (returnKind == ReturnKind.AsyncEnumerable)
                Report(RompDiagnostics.IdempotentStream, AttributeLocation(idempotent, method), name);
            else if (call is CallKind.Oneway or CallKind.OnewaySync)
                Report(RompDiagnostics.IdempotentOneway, AttributeLocation(idempotent, method), name);
            return true;
        }

        private void ParseProperty(INamedTypeSymbol declaring, IPropertySymbol property)
        {
            string name = Describe(property);
            Location typeLocation = PropertyTypeLocation(property);
            TypeParser.Resolution? type = null;
            if (property.ReturnsByRef || property.ReturnsByRefReadonly)
            {
                Report(RompDiagnostics.UnsupportedReturnType, typeLocation, name, property.Type.ToDisplayString(s_messageFormat),
                    "A remote property cannot return by reference; return the value.");
            }
            else
            {
                type = ResolveResult(property.Type, property.Type, typeLocation, name, direct: false);
            }

            foreach (IMethodSymbol? accessor in new[] { property.GetMethod, property.SetMethod })
            {
                if (accessor is not null && FindAttribute(accessor, _known.OnewayAttribute) is { } oneway)
                {
                    Location location = AttributeLocation(oneway, property);
                    Report(RompDiagnostics.OnewayNotAllowed, location, name, property.IsIndexer ? "an indexer accessor" : "a property accessor");
                }
            }

            if (property.SetMethod is { IsInitOnly: true } init)
                Report(RompDiagnostics.InitAccessor, LocationOf(init), name);

            foreach (IMethodSymbol? accessor in new[] { property.GetMethod, property.SetMethod })
            {
                if (accessor is not null && FindAttribute(accessor, _known.RompIdAttribute) is { } misplaced)
                    Report(RompDiagnostics.RompIdOnAccessor, AttributeLocation(misplaced, property), name);
            }

            // A property's [RompId(n)] numbers both accessors: the getter n, the setter n + 1.
            int? declaredId = DeclaredId(property, out Location idLocation);

            Parameters keys = ParseParameters(property.Parameters, name, allowBlocks: false);
            if (type is not { Model: { } typeModel } resolved || keys.Models is null)
                return;

            string memberKey = MemberKey(declaring, property.MetadataName, property.Parameters);
            string declaringName = declaring.ToDisplayString(TypeParser.AnnotatedFormat);
            string declaredType = property.Type.ToDisplayString(TypeParser.AnnotatedFormat);
            string memberName = property.IsIndexer ? "this" : Identifier(property.Name);
            if (property.GetMethod is { } getter)
            {
                MemberKind kind = property.IsIndexer ? MemberKind.IndexerGet : MemberKind.PropertyGet;
                var shape = new MethodShapeModel(TypeShapeParser.Signature(property, "get"), ShapeParameters(property.Parameters, allowBlocks: false),
                    property.Type.ToDisplayString(TypeShapeParser.ReadableFormat), _shapes.Shape(property.Type));
                Add(property, new MethodIdentity(Describe(getter), property.MetadataName, getter.Name, keys.Canonical, resolved.Canonical,
                    declaredId, 0, LocationOf(property), idLocation), shape, new MethodModel(
                    0, memberName, "", memberKey, kind, CallKind.Request, ReturnKind.Value, declaredType, typeModel, keys.Models.Value,
                    keys.CancellationToken, declaringName, IsIdempotent(getter)));
            }

            if (property.SetMethod is { } setter)
            {
                MemberKind kind = property.IsIndexer ? MemberKind.IndexerSet : MemberKind.PropertySet;
                var parameters = keys.Models.Value.ToList();
                parameters.Add(new ParameterModel("value", "value", typeModel));
                string canonical = keys.Canonical.Length == 0 ? resolved.Canonical : keys.Canonical + "," + resolved.Canonical;
                EquatableArray<ShapedNameModel> keyShapes = ShapeParameters(property.Parameters, allowBlocks: false);
                var shape = new MethodShapeModel(TypeShapeParser.Signature(property, "set"),
                    keyShapes.Concat(new[] { _shapes.Parameter("value", property.Type, block: false) }).ToEquatableArray(), "void", TypeShapeModel.Simple("Void"));
                Add(property, new MethodIdentity(Describe(setter), property.MetadataName, setter.Name, canonical, "void",
                    declaredId, 1, LocationOf(property), idLocation), shape, new MethodModel(
                    0, memberName, "", memberKey, kind, CallKind.Request, ReturnKind.Void, declaredType, null, parameters.ToEquatableArray(),
                    keys.CancellationToken, declaringName, IsIdempotent(setter)));
            }
        }

        // An accessor is a request like any other method, so it may be [Idempotent] too: a getter that only reads, or a
        // setter, which sets the same value again.
        private bool IsIdempotent(IMethodSymbol member) => FindAttribute(member, _known.IdempotentAttribute) is not null;

        // direct: the result of a method, where a byte stream may be; not a property's, nor a stream's item.
        private TypeParser.Resolution ResolveResult(ITypeSymbol type, ITypeSymbol declared, Location location, string member, bool direct)
        {
            TypeParser.Resolution resolution = (direct ? CallValueParser.ResolveResult(type, _known) : null) ?? TypeParser.Resolve(type, _known);
            if (resolution.Model is null)
            {
                if (resolution.HasErrorType)
                    HasErrors = true;
                else if (resolution.MissingMemoryPackFor.Length > 0)
                    Report(RompDiagnostics.MemoryPackNotReferenced, location, resolution.MissingMemoryPackFor);
                else if (CallValueParser.Explain(type, $"The result of '{member}'", resolution.Problem, parameter: false, _known) is { } explained)
                    Report(explained.Descriptor, location, explained.Arguments);
                else
                    Report(RompDiagnostics.UnsupportedReturnType, location, member, declared.ToDisplayString(s_messageFormat), resolution.Problem);
            }

            return resolution;
        }

        // A byte stream or a progress object lives until the call's answer, which a one-way call never gets; and a byte
        // stream is read once, so a call that takes one cannot be sent again after a reconnect.
        private void CheckCallScopedParameters(IMethodSymbol method, CallKind call, bool idempotent, string member)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                bool byteStream = CallScopedTypes.IsByteStream(parameter.Type, _known);
                string? what = byteStream ? "a byte stream"
                    : CallScopedTypes.IsProgress(parameter.Type, _known) ? "a progress object (IProgress<T>)"
                    : null;
                if (what is null)
                    continue;
                Location location = ParameterLocation(parameter, typeOnly: true);
                if (call is CallKind.Oneway or CallKind.OnewaySync)
                    Report(RompDiagnostics.OnewayWithCallScopedParameter, location, member, parameter.Name, what);
                else if (idempotent && byteStream)
                    Report(RompDiagnostics.IdempotentWithByteStream, location, member, parameter.Name);
            }
        }

        private readonly record struct Parameters(EquatableArray<ParameterModel>? Models, string Canonical, string? CancellationToken);

        // allowBlocks: a delegate is a block only as a direct parameter of a method, never as an indexer key.
        private Parameters ParseParameters(ImmutableArray<IParameterSymbol> parameters, string member, bool allowBlocks)
        {
            var models = new List<ParameterModel>(parameters.Length);
            var canonical = new List<string>(parameters.Length);
            string? cancellationToken = null;
            bool failed = false;
            for (int i = 0; i < parameters.Length; i++)
            {
                IParameterSymbol parameter = parameters[i];
                if (parameter.RefKind != RefKind.None)
                {
                    Report(RompDiagnostics.ByRefParameter, ParameterLocation(parameter, typeOnly: false), parameter.Name, member);
                    failed = true;
                    continue;
                }

                if (Same(parameter.Type, _known.CancellationToken))
                {
                    if (i != parameters.Length - 1)
                    {
                        Report(RompDiagnostics.CancellationTokenNotLast, ParameterLocation(parameter, typeOnly: false), parameter.Name, member);
                        failed = true;
                    }

                    // Not sent, so not in the signature: adding or removing one changes nothing on the wire.
                    cancellationToken = Identifier(parameter.Name);
                    continue;
                }

                bool block = allowBlocks && parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate };
                TypeParser.Resolution resolution = block
                    ? ResolveBlock((INamedTypeSymbol)parameter.Type)
                    : (allowBlocks ? CallValueParser.ResolveParameter(parameter.Type, _known) : null) ?? TypeParser.Resolve(parameter.Type, _known);
                if (resolution.Model is null)
                {
                    if (resolution.MissingMemoryPackFor.Length > 0)
                    {
                        Report(RompDiagnostics.MemoryPackNotReferenced, ParameterLocation(parameter, typeOnly: true), resolution.MissingMemoryPackFor);
                    }
                    else if (!resolution.HasErrorType && !block
                        && CallValueParser.Explain(parameter.Type, $"Parameter '{parameter.Name}' of '{member}'", resolution.Problem, parameter: allowBlocks, _known) is { } explained)
                    {
                        Report(explained.Descriptor, ParameterLocation(parameter, typeOnly: true), explained.Arguments);
                    }
                    else if (!resolution.HasErrorType)
                    {
                        Report(block ? RompDiagnostics.UnsupportedBlock : RompDiagnostics.UnsupportedParameterType,
                            ParameterLocation(parameter, typeOnly: true), parameter.Name, member,
                            parameter.Type.ToDisplayString(s_messageFormat), resolution.Problem);
                    }

                    HasErrors = true;
                    failed = true;
                    continue;
                }

                models.Add(new ParameterModel(parameter.Name, Identifier(parameter.Name), resolution.Model));
                canonical.Add(resolution.Canonical);
            }

            return failed
                ? new Parameters(null, "", null)
                : new Parameters(models.ToEquatableArray(), string.Join(",", canonical), cancellationToken);
        }

        // Each distinct delegate type gets one nested block class in the contract; its formatter names that class's contract.
        private TypeParser.Resolution ResolveBlock(INamedTypeSymbol type)
        {
            BlockParser.Resolution resolution = BlockParser.Resolve(type, _known);
            if (resolution.Model is not { } block)
                return resolution.HasErrorType
                    ? TypeParser.Resolution.ErrorType
                    : TypeParser.Resolution.Failed(resolution.Problem) with { MissingMemoryPackFor = resolution.MissingMemoryPackFor };

            string className = _blockNames.Get(block.DelegateType, "Block_" + resolution.Mangled, out bool added);
            if (added)
                _blocks.Add(block with { ClassName = className });
            string formatter = $"new global::Romp.CompilerServices.BlockFormatter<{block.DelegateType}>({_contractClass}.{className}.Contract)";
            return new TypeParser.Resolution(TypeParser.CreateModel(type, formatter, resolution.Mangled), resolution.Canonical, "", HasErrorType: false, resolution.Mangled);
        }

        // member: the method or property, whose [RompFault] attributes, with its interface's, are the call's faults.
        private void Add(ISymbol member, MethodIdentity identity, MethodShapeModel shape, MethodModel model) =>
            _methods.Add(new PendingMethod(identity.WireName, identity, model, shape,
                _faults.ForMember(member, model.Call is CallKind.Oneway or CallKind.OnewaySync, Describe(member))));

        private readonly record struct PendingMethod(string BaseName, MethodIdentity Identity, MethodModel Model, MethodShapeModel Shape, EquatableArray<FaultModel> Faults);

        // The id written in [RompId] on a method or property, if any; its range is checked with the others (MethodIdAssigner).
        private int? DeclaredId(ISymbol member, out Location location)
        {
            AttributeData? attribute = FindAttribute(member, _known.RompIdAttribute);
            location = attribute is null ? LocationOf(member) : AttributeLocation(attribute, member);
            return attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is int id ? id : null;
        }

        // Where [RompObject(Name = ...)] sets the name, for ROMP0026.
        private Location NameLocation(ImmutableArray<AttributeData> attributes)
        {
            foreach (AttributeData attribute in attributes)
            {
                if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList: { } arguments } syntax)
                {
                    foreach (AttributeArgumentSyntax argument in arguments.Arguments)
                    {
                        if (argument.NameEquals?.Name.Identifier.ValueText == "Name")
                            return argument.GetLocation();
                    }

                    return syntax.GetLocation();
                }
            }

            return _location;
        }

        // The describe metadata of the marshalled parameters: every one but a CancellationToken, as ParseParameters keeps them.
        private EquatableArray<ShapedNameModel> ShapeParameters(ImmutableArray<IParameterSymbol> parameters, bool allowBlocks) =>
            parameters.Where(p => !Same(p.Type, _known.CancellationToken))
                .Select(p => _shapes.Parameter(p.Name, p.Type, allowBlocks && p.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate }))
                .ToEquatableArray();

        private static string MemberKey(INamedTypeSymbol declaring, string name, ImmutableArray<IParameterSymbol> parameters) =>
            declaring.ToDisplayString(TypeParser.ObliviousFormat) + "|" + name + "|" +
            string.Join(",", parameters.Select(static p => p.Type.ToDisplayString(TypeParser.ObliviousFormat)));

        private static bool Same(ITypeSymbol type, INamedTypeSymbol? known) =>
            known is not null && SymbolEqualityComparer.Default.Equals(type, known);

        private static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attribute) =>
            attribute is null ? null : symbol.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));

        private Location AttributeLocation(AttributeData attribute, ISymbol target) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation() ?? LocationOf(target);

        private static string Describe(ISymbol member) => member.ContainingType.Name + "." + member.Name;

        private Location LocationOf(ISymbol symbol) => symbol.Locations.FirstOrDefault(static l => l.IsInSource) ?? _location;

        private Location ReturnTypeLocation(IMethodSymbol method) =>
            Syntax(method) is MethodDeclarationSyntax syntax ? syntax.ReturnType.GetLocation() : LocationOf(method);

        private Location PropertyTypeLocation(IPropertySymbol property) =>
            Syntax(property) is BasePropertyDeclarationSyntax syntax ? syntax.Type.GetLocation() : LocationOf(property);

        private Location ParameterLocation(IParameterSymbol parameter, bool typeOnly) => Syntax(parameter) switch
        {
            ParameterSyntax { Type: { } type } when typeOnly => type.GetLocation(),
            ParameterSyntax syntax => syntax.GetLocation(),
            _ => LocationOf(parameter.ContainingSymbol),
        };

        private SyntaxNode? Syntax(ISymbol symbol) =>
            symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellationToken);

        private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments)
        {
            Diagnostics.Add(Diagnostic.Create(descriptor, location, arguments));
            HasErrors = true;
        }
    }
}
