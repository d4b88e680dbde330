using Romp.Internal;

namespace Romp.Description;

/// <summary>
/// The describe service's answer on the wire (docs/protocol.md §4.6): Romp's own value encoding, so a peer in another
/// language decodes it with the primitives it already has. Reading checks every count against the bytes that remain
/// and bounds the nesting of shapes, as any payload from a peer is read.
/// </summary>
internal sealed class ServiceDescriptionFormatter : IRompFormatter<RompServiceDescription>
{
    /// <summary>The format this side writes and reads.</summary>
    public const byte Version = 2;

    public static readonly ServiceDescriptionFormatter Instance = new();

    private ServiceDescriptionFormatter()
    {
    }

    public void Write(ref RompWriter writer, RompServiceDescription value)
    {
        writer.WriteByte(Version);
        writer.WriteLength(value.Objects.Count);
        foreach (RompObjectDescription description in value.Objects)
        {
            writer.WriteString(description.Name);
            WriteContract(ref writer, description.Contract);
        }
    }

    public RompServiceDescription Read(ref RompReader reader)
    {
        byte version = reader.ReadByte();
        if (version != Version)
            ThrowHelper.ThrowInvalidData($"The description is in format {version}; this side reads format {Version}.");
        try
        {
            var objects = new RompObjectDescription[ReadCount(ref reader, 17)];
            for (int i = 0; i < objects.Length; i++)
                objects[i] = new RompObjectDescription(ReadText(ref reader), ReadContract(ref reader));
            return new RompServiceDescription(objects);
        }
        catch (ArgumentException error)
        {
            throw new RompException(RompError.InvalidMessage, "The description does not hold together: " + error.Message, error);
        }
    }

    private static void WriteContract(ref RompWriter writer, RompContractDescription contract)
    {
        writer.WriteString(contract.InterfaceName);
        writer.WriteString(contract.ContractName);
        writer.WriteUInt64(contract.ContractId);
        writer.WriteByte((byte)contract.Access);
        writer.WriteLength(contract.Methods.Count);
        foreach (RompMethodDescription method in contract.Methods)
        {
            writer.WriteUInt16(method.Id);
            writer.WriteUInt32(method.SignatureHash);
            writer.WriteString(method.Name);
            writer.WriteByte((byte)method.Kind);
            writer.WriteByte((byte)method.Member);
            writer.WriteBoolean(method.IsIdempotent);
            writer.WriteString(method.Signature);
            writer.WriteLength(method.Parameters.Count);
            foreach (RompParameterDescription parameter in method.Parameters)
            {
                writer.WriteString(parameter.Name);
                writer.WriteString(parameter.TypeName);
                WriteShape(ref writer, parameter.Shape);
            }

            writer.WriteString(method.ResultTypeName);
            WriteShape(ref writer, method.Result);
        }

        writer.WriteLength(contract.Types.Count);
        foreach (RompNamedType type in contract.Types)
        {
            writer.WriteString(type.Name);
            writer.WriteByte((byte)type.Kind);
            if (type.Kind == RompTypeKind.Enum)
            {
                writer.WriteByte((byte)type.UnderlyingKind);
                writer.WriteLength(type.Values.Count);
                foreach (RompEnumValue value in type.Values)
                {
                    writer.WriteString(value.Name);
                    writer.WriteInt64(value.Value);
                }
            }
            else if (type.Kind == RompTypeKind.Union)
            {
                writer.WriteLength(type.Cases.Count);
                foreach (RompUnionCase @case in type.Cases)
                {
                    writer.WriteUInt16(@case.Tag);
                    WriteShape(ref writer, @case.Shape);
                }
            }
            else
            {
                writer.WriteBoolean(type.IsValueType);
                writer.WriteLength(type.Members.Count);
                foreach (RompRecordMember member in type.Members)
                {
                    writer.WriteUInt16(member.Id);
                    writer.WriteString(member.Name);
                    writer.WriteString(member.TypeName);
                    WriteShape(ref writer, member.Shape);
                }
            }
        }
    }

    private static RompContractDescription ReadContract(ref RompReader reader)
    {
        string interfaceName = ReadText(ref reader);
        string contractName = ReadText(ref reader);
        ulong contractId = reader.ReadUInt64();
        byte access = reader.ReadByte();
        if (access > (byte)RompAccess.Serial)
            ThrowHelper.ThrowInvalidData($"{access} is not an access mode.");

        var methods = new RompMethodDescription[ReadCount(ref reader, 23)];
        for (int i = 0; i < methods.Length; i++)
        {
            ushort id = reader.ReadUInt16();
            uint signatureHash = reader.ReadUInt32();
            string name = ReadText(ref reader);
            byte kind = reader.ReadByte();
            byte member = reader.ReadByte();
            if (kind > (byte)RompMethodKind.Stream || member > (byte)RompMemberKind.IndexerSet)
                ThrowHelper.ThrowInvalidData($"Method '{name}' has an unknown kind ({kind}, {member}).");
            bool idempotent = reader.ReadBoolean();
            string signature = ReadText(ref reader);
            var parameters = new RompParameterDescription[ReadCount(ref reader, 9)];
            for (int p = 0; p < parameters.Length; p++)
                parameters[p] = new RompParameterDescription(ReadText(ref reader), ReadText(ref reader), ReadShape(ref reader));
            string resultTypeName = ReadText(ref reader);
            methods[i] = new RompMethodDescription(id, signatureHash, name, (RompMethodKind)kind, (RompMemberKind)member, idempotent, signature,
                parameters, resultTypeName, ReadShape(ref reader));
        }

        var types = new RompNamedType[ReadCount(ref reader, 6)];
        for (int i = 0; i < types.Length; i++)
        {
            string name = ReadText(ref reader);
            var kind = (RompTypeKind)reader.ReadByte();
            if (kind == RompTypeKind.Enum)
            {
                var underlying = (RompTypeKind)reader.ReadByte();
                var values = new RompEnumValue[ReadCount(ref reader, 12)];
                for (int v = 0; v < values.Length; v++)
                    values[v] = new RompEnumValue(ReadText(ref reader), reader.ReadInt64());
                types[i] = RompNamedType.Enum(name, underlying, values);
            }
            else if (kind == RompTypeKind.Record)
            {
                bool isValueType = reader.ReadBoolean();
                var members = new RompRecordMember[ReadCount(ref reader, 11)];
                for (int m = 0; m < members.Length; m++)
                {
                    ushort id = reader.ReadUInt16();
                    if (id == 0)
                        ThrowHelper.ThrowInvalidData($"A member of type '{name}' has the id 0, which no member has.");
                    members[m] = new RompRecordMember(id, ReadText(ref reader), ReadText(ref reader), ReadShape(ref reader));
                }
                types[i] = RompNamedType.Record(name, isValueType, members);
            }
            else if (kind == RompTypeKind.Union)
            {
                // A case is a tag and a named shape: at least 2 + 5 bytes.
                var cases = new RompUnionCase[ReadCount(ref reader, 7)];
                for (int c = 0; c < cases.Length; c++)
                    cases[c] = new RompUnionCase(reader.ReadUInt16(), ReadShape(ref reader));
                types[i] = RompNamedType.Union(name, cases);
            }
            else
            {
                ThrowHelper.ThrowInvalidData($"Type '{name}' has kind {kind}, which is none of Enum, Record and Union.");
            }
        }

        return new RompContractDescription(interfaceName, contractName, contractId, (RompAccess)access, methods, types);
    }

    private static void WriteShape(ref RompWriter writer, RompTypeShape shape)
    {
        writer.EnterNested();
        writer.WriteByte((byte)shape.Kind);
        switch (shape.Kind)
        {
            case RompTypeKind.Enum or RompTypeKind.Record or RompTypeKind.Opaque or RompTypeKind.Union:
                writer.WriteString(shape.Name);
                break;
            case RompTypeKind.Reference:
                writer.WriteString(shape.Name);
                writer.WriteUInt64(shape.ContractId);
                break;
            case RompTypeKind.Nullable or RompTypeKind.Array or RompTypeKind.List or RompTypeKind.Set or RompTypeKind.Stream:
                WriteShape(ref writer, shape.Arguments[0]);
                break;
            case RompTypeKind.Dictionary:
                WriteShape(ref writer, shape.Arguments[0]);
                WriteShape(ref writer, shape.Arguments[1]);
                break;
            case RompTypeKind.Tuple:
                writer.WriteByte((byte)shape.Arguments.Count);
                foreach (RompTypeShape element in shape.Arguments)
                    WriteShape(ref writer, element);
                break;
            case RompTypeKind.Block:
                // The parameter count; the result follows the parameters.
                writer.WriteByte((byte)(shape.Arguments.Count - 1));
                foreach (RompTypeShape part in shape.Arguments)
                    WriteShape(ref writer, part);
                break;
        }

        writer.ExitNested();
    }

    private static RompTypeShape ReadShape(ref RompReader reader)
    {
        reader.EnterNested();
        var kind = (RompTypeKind)reader.ReadByte();
        RompTypeShape shape;
        switch (kind)
        {
            case <= RompTypeKind.Bytes or RompTypeKind.ByteStream:
                shape = RompTypeShape.Of(kind);
                break;
            case RompTypeKind.Enum or RompTypeKind.Record or RompTypeKind.Opaque or RompTypeKind.Union:
                shape = RompTypeShape.Create(kind, ReadText(ref reader), [], 0);
                break;
            case RompTypeKind.Reference:
                shape = RompTypeShape.Reference(ReadText(ref reader), reader.ReadUInt64());
                break;
            case RompTypeKind.Nullable or RompTypeKind.Array or RompTypeKind.List or RompTypeKind.Set or RompTypeKind.Stream:
                shape = RompTypeShape.Create(kind, null, [ReadShape(ref reader)], 0);
                break;
            case RompTypeKind.Dictionary:
                RompTypeShape key = ReadShape(ref reader);
                shape = RompTypeShape.Dictionary(key, ReadShape(ref reader));
                break;
            case RompTypeKind.Tuple:
                var elements = new RompTypeShape[reader.ReadByte()];
                for (int i = 0; i < elements.Length; i++)
                    elements[i] = ReadShape(ref reader);
                shape = RompTypeShape.Tuple(elements);
                break;
            case RompTypeKind.Block:
                var parameters = new RompTypeShape[reader.ReadByte()];
                for (int i = 0; i < parameters.Length; i++)
                    parameters[i] = ReadShape(ref reader);
                shape = RompTypeShape.Block(parameters, ReadShape(ref reader));
                break;
            default:
                ThrowHelper.ThrowInvalidData($"Unknown shape kind {(byte)kind}.");
                return null;
        }

        reader.ExitNested();
        return shape;
    }

    private static string ReadText(ref RompReader reader) =>
        reader.ReadString() ?? throw new RompException(RompError.InvalidMessage, "The description holds a null where it needs a name.");

    // Each element takes at least minSize bytes, so a count the bytes cannot hold is refused before anything is allocated.
    private static int ReadCount(ref RompReader reader, int minSize)
    {
        int count = reader.ReadLength(minSize);
        if (count < 0)
            ThrowHelper.ThrowInvalidData("The description holds a null where it needs a list.");
        return count;
    }
}
