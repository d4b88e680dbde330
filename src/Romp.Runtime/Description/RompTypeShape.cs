using System.Text;

namespace Romp.Description;

/// <summary>
/// How a value of one type travels (docs/protocol.md §5): its kind and, for composite kinds, the shapes it is made of.
/// Enums and <c>[RompSerializable]</c> types are named here and spelled out once in their contract's
/// <see cref="RompContractDescription.Types"/>, so a recursive record is described without a cycle.
/// </summary>
public sealed class RompTypeShape
{
    private static readonly RompTypeShape[] s_simple = CreateSimple();
    private static readonly RompTypeShape s_byteStream = new(RompTypeKind.ByteStream, null, [], 0);

    private string? _displayName;

    private RompTypeShape(RompTypeKind kind, string? name, RompTypeShape[] arguments, ulong contractId)
    {
        Kind = kind;
        Name = name;
        Arguments = arguments;
        ContractId = contractId;
    }

    /// <summary>What the value is on the wire.</summary>
    public RompTypeKind Kind { get; }

    /// <summary>
    /// The named type of an <see cref="RompTypeKind.Enum"/>, <see cref="RompTypeKind.Record"/> or <see cref="RompTypeKind.Union"/> (a key of
    /// <see cref="RompContractDescription.Types"/>), the interface of a <see cref="RompTypeKind.Reference"/>, or the C#
    /// name of an <see cref="RompTypeKind.Opaque"/> type; null for the other kinds.
    /// </summary>
    public string? Name { get; }

    /// <summary>
    /// The shapes this one is made of: the element of a nullable, array, list, set or stream; the key and value of a
    /// dictionary; the elements of a tuple; a block's parameters followed by its result. Empty for the other kinds.
    /// </summary>
    public IReadOnlyList<RompTypeShape> Arguments { get; }

    /// <summary>The contract id of a <see cref="RompTypeKind.Reference"/>'s interface; 0 for the other kinds.</summary>
    public ulong ContractId { get; }

    /// <summary>The shape as C# would spell it: <c>int</c>, <c>List&lt;Demo.Point&gt;</c>, <c>(int, string)</c>.</summary>
    public string DisplayName => _displayName ??= Display();

    /// <summary>
    /// The shape of a kind that has no name and no arguments: <see cref="RompTypeKind.Void"/> to <see cref="RompTypeKind.Bytes"/>,
    /// and <see cref="RompTypeKind.ByteStream"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> needs a name or arguments.</exception>
    public static RompTypeShape Of(RompTypeKind kind)
    {
        if (kind == RompTypeKind.ByteStream)
            return s_byteStream;
        if (kind > RompTypeKind.Bytes)
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "This kind needs a name or arguments; use its own factory.");
        return s_simple[(int)kind];
    }

    /// <summary>An enum, spelled out in the contract's types under <paramref name="name"/>.</summary>
    public static RompTypeShape Enum(string name) => Named(RompTypeKind.Enum, name);

    /// <summary>A <c>[RompSerializable]</c> type, spelled out in the contract's types under <paramref name="name"/>.</summary>
    public static RompTypeShape Record(string name) => Named(RompTypeKind.Record, name);

    /// <summary>A closed union of <c>[RompUnion]</c> cases, spelled out in the contract's types under <paramref name="name"/>.</summary>
    public static RompTypeShape Union(string name) => Named(RompTypeKind.Union, name);

    /// <summary>A type the metadata cannot spell out; a generic client cannot encode it.</summary>
    public static RompTypeShape Opaque(string name) => Named(RompTypeKind.Opaque, name);

    /// <summary>A <c>[RompObject]</c> interface, passed by reference.</summary>
    public static RompTypeShape Reference(string interfaceName, ulong contractId)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        return new RompTypeShape(RompTypeKind.Reference, interfaceName, [], contractId);
    }

    /// <summary><c>Nullable&lt;T&gt;</c> of <paramref name="value"/>.</summary>
    public static RompTypeShape Nullable(RompTypeShape value) => Composite(RompTypeKind.Nullable, value);

    /// <summary>An array of <paramref name="element"/>.</summary>
    public static RompTypeShape Array(RompTypeShape element) => Composite(RompTypeKind.Array, element);

    /// <summary>A list of <paramref name="element"/>.</summary>
    public static RompTypeShape List(RompTypeShape element) => Composite(RompTypeKind.List, element);

    /// <summary>A set of <paramref name="element"/>.</summary>
    public static RompTypeShape Set(RompTypeShape element) => Composite(RompTypeKind.Set, element);

    /// <summary>A stream of <paramref name="item"/>: only ever a method's result.</summary>
    public static RompTypeShape Stream(RompTypeShape item) => Composite(RompTypeKind.Stream, item);

    /// <summary>A dictionary from <paramref name="key"/> to <paramref name="value"/>.</summary>
    public static RompTypeShape Dictionary(RompTypeShape key, RompTypeShape value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return new RompTypeShape(RompTypeKind.Dictionary, null, [key, value], 0);
    }

    /// <summary>A value tuple of 2 to 7 <paramref name="elements"/>.</summary>
    /// <exception cref="ArgumentException">Fewer than 2 or more than 7 elements.</exception>
    public static RompTypeShape Tuple(params RompTypeShape[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        if (elements.Length is < 2 or > 7)
            throw new ArgumentException("A value tuple has 2 to 7 elements.", nameof(elements));
        return new RompTypeShape(RompTypeKind.Tuple, null, Checked(elements), 0);
    }

    /// <summary>A block whose delegate takes <paramref name="parameters"/> and returns <paramref name="result"/> (<see cref="RompTypeKind.Void"/> for none).</summary>
    public static RompTypeShape Block(RompTypeShape[] parameters, RompTypeShape result)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(result);
        var arguments = new RompTypeShape[parameters.Length + 1];
        Checked(parameters).CopyTo(arguments, 0);
        arguments[^1] = result;
        return new RompTypeShape(RompTypeKind.Block, null, arguments, 0);
    }

    /// <summary>A shape of any kind from its parts, as the describe service's decoder builds it; checks that they fit the kind.</summary>
    /// <exception cref="ArgumentException">The name, arguments or contract id do not fit <paramref name="kind"/>.</exception>
    public static RompTypeShape Create(RompTypeKind kind, string? name, IReadOnlyList<RompTypeShape> arguments, ulong contractId)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        RompTypeShape[] copy = [.. arguments];
        return kind switch
        {
            <= RompTypeKind.Bytes or RompTypeKind.ByteStream when name is null && copy.Length == 0 && contractId == 0 => Of(kind),
            RompTypeKind.Enum or RompTypeKind.Record or RompTypeKind.Opaque or RompTypeKind.Union
                when name is not null && copy.Length == 0 && contractId == 0 => Named(kind, name),
            RompTypeKind.Reference when name is not null && copy.Length == 0 => Reference(name, contractId),
            RompTypeKind.Nullable or RompTypeKind.Array or RompTypeKind.List or RompTypeKind.Set or RompTypeKind.Stream
                when name is null && copy.Length == 1 && contractId == 0 => Composite(kind, copy[0]),
            RompTypeKind.Dictionary when name is null && copy.Length == 2 && contractId == 0 => Dictionary(copy[0], copy[1]),
            RompTypeKind.Tuple when name is null && copy.Length is >= 2 and <= 7 && contractId == 0 => Tuple(copy),
            RompTypeKind.Block when name is null && copy.Length >= 1 && contractId == 0 => Block(copy[..^1], copy[^1]),
            _ => throw new ArgumentException($"A shape of kind {kind} cannot have {(name is null ? "no name" : "a name")}, {copy.Length} arguments and contract id {contractId}."),
        };
    }

    /// <inheritdoc />
    public override string ToString() => DisplayName;

    private static RompTypeShape Named(RompTypeKind kind, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new RompTypeShape(kind, name, [], 0);
    }

    private static RompTypeShape Composite(RompTypeKind kind, RompTypeShape argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        return new RompTypeShape(kind, null, [argument], 0);
    }

    private static RompTypeShape[] Checked(RompTypeShape[] shapes)
    {
        foreach (RompTypeShape shape in shapes)
            ArgumentNullException.ThrowIfNull(shape, nameof(shapes));
        return (RompTypeShape[])shapes.Clone();
    }

    private static RompTypeShape[] CreateSimple()
    {
        var shapes = new RompTypeShape[(int)RompTypeKind.Bytes + 1];
        for (int i = 0; i < shapes.Length; i++)
            shapes[i] = new RompTypeShape((RompTypeKind)i, null, [], 0);
        return shapes;
    }

    private string Display()
    {
        var text = new StringBuilder();
        Append(text, this);
        return text.ToString();
    }

    private static void Append(StringBuilder text, RompTypeShape shape)
    {
        switch (shape.Kind)
        {
            case RompTypeKind.Enum or RompTypeKind.Record or RompTypeKind.Reference or RompTypeKind.Opaque or RompTypeKind.Union:
                text.Append(shape.Name);
                return;
            case RompTypeKind.Nullable:
                Append(text, shape.Arguments[0]);
                text.Append('?');
                return;
            case RompTypeKind.Array:
                Append(text, shape.Arguments[0]);
                text.Append("[]");
                return;
            case RompTypeKind.List or RompTypeKind.Set or RompTypeKind.Stream or RompTypeKind.Dictionary:
                text.Append(shape.Kind switch
                {
                    RompTypeKind.List => "List<",
                    RompTypeKind.Set => "HashSet<",
                    RompTypeKind.Stream => "IAsyncEnumerable<",
                    _ => "Dictionary<",
                });
                AppendList(text, shape.Arguments, shape.Arguments.Count);
                text.Append('>');
                return;
            case RompTypeKind.Tuple:
                text.Append('(');
                AppendList(text, shape.Arguments, shape.Arguments.Count);
                text.Append(')');
                return;
            case RompTypeKind.Block:
                RompTypeShape result = shape.Arguments[^1];
                bool isAction = result.Kind == RompTypeKind.Void;
                text.Append(isAction ? "Action" : "Func");
                int count = shape.Arguments.Count - (isAction ? 1 : 0);
                if (count > 0)
                {
                    text.Append('<');
                    AppendList(text, shape.Arguments, count);
                    text.Append('>');
                }

                return;
            default:
                text.Append(SimpleName(shape.Kind));
                return;
        }
    }

    private static void AppendList(StringBuilder text, IReadOnlyList<RompTypeShape> shapes, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
                text.Append(", ");
            Append(text, shapes[i]);
        }
    }

    private static string SimpleName(RompTypeKind kind) => kind switch
    {
        RompTypeKind.Void => "void",
        RompTypeKind.Boolean => "bool",
        RompTypeKind.Byte => "byte",
        RompTypeKind.SByte => "sbyte",
        RompTypeKind.Int16 => "short",
        RompTypeKind.UInt16 => "ushort",
        RompTypeKind.Int32 => "int",
        RompTypeKind.UInt32 => "uint",
        RompTypeKind.Int64 => "long",
        RompTypeKind.UInt64 => "ulong",
        RompTypeKind.Char => "char",
        RompTypeKind.Single => "float",
        RompTypeKind.Double => "double",
        RompTypeKind.Decimal => "decimal",
        RompTypeKind.String => "string",
        RompTypeKind.Bytes => "byte[]",
        RompTypeKind.ByteStream => "Stream",
        _ => kind.ToString(),
    };
}
