using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Romp.Description;

/// <summary>
/// Reads a value of a described shape from Romp's wire format and writes it as JSON: what <see cref="RompJsonCodec"/>
/// decodes with. The reader checks every length against the bytes that remain and bounds the nesting, as for any payload
/// from a peer. A reference is shown as <c>{"$ref": interface, "objectId": id}</c> and never imported. With a budget,
/// reading stops once the JSON written passes it (<see cref="OverBudget"/>), so a summary of a large value costs little.
/// </summary>
internal ref struct JsonFromWire
{
    private readonly RompContractDescription _contract;
    private readonly Utf8JsonWriter _json;
    private readonly long _budget;
    private RompReader _reader;

    public JsonFromWire(RompContractDescription contract, ReadOnlySequence<byte> payload, Utf8JsonWriter json, long budget = long.MaxValue)
    {
        _contract = contract;
        _json = json;
        _budget = budget;
        _reader = new RompReader(payload);
    }

    /// <summary>Reads on from where <paramref name="reader"/> is, with no budget; <see cref="Reader"/> is where it got to.</summary>
    public JsonFromWire(RompContractDescription contract, RompReader reader, Utf8JsonWriter json)
    {
        _contract = contract;
        _json = json;
        _budget = long.MaxValue;
        _reader = reader;
    }

    /// <summary>The reader, as far as it has read.</summary>
    public readonly RompReader Reader => _reader;

    /// <summary>Thrown when the JSON written so far passes the budget: the caller keeps what was written.</summary>
    public sealed class OverBudget : Exception
    {
    }

    public readonly void EnsureEnd() => _reader.EnsureEnd();

    public void Read(RompTypeShape shape)
    {
        if (_json.BytesCommitted + _json.BytesPending > _budget)
            throw new OverBudget();
        switch (shape.Kind)
        {
            case RompTypeKind.Void: _json.WriteNullValue(); break;
            case RompTypeKind.Boolean: _json.WriteBooleanValue(_reader.ReadBoolean()); break;
            case RompTypeKind.Byte: _json.WriteNumberValue(_reader.ReadByte()); break;
            case RompTypeKind.SByte: _json.WriteNumberValue(_reader.ReadSByte()); break;
            case RompTypeKind.Int16: _json.WriteNumberValue(_reader.ReadInt16()); break;
            case RompTypeKind.UInt16: _json.WriteNumberValue(_reader.ReadUInt16()); break;
            case RompTypeKind.Int32: _json.WriteNumberValue(_reader.ReadInt32()); break;
            case RompTypeKind.UInt32: _json.WriteNumberValue(_reader.ReadUInt32()); break;
            case RompTypeKind.Int64: _json.WriteNumberValue(_reader.ReadInt64()); break;
            case RompTypeKind.UInt64: _json.WriteNumberValue(_reader.ReadUInt64()); break;
            case RompTypeKind.Int128: _json.WriteRawValue(_reader.ReadInt128().ToString(CultureInfo.InvariantCulture)); break;
            case RompTypeKind.UInt128: _json.WriteRawValue(_reader.ReadUInt128().ToString(CultureInfo.InvariantCulture)); break;
            case RompTypeKind.Single: WriteFloating(_reader.ReadSingle()); break;
            case RompTypeKind.Double: WriteFloating(_reader.ReadDouble()); break;
            case RompTypeKind.Half: WriteFloating((float)_reader.ReadHalf()); break;
            case RompTypeKind.Decimal: _json.WriteNumberValue(_reader.ReadDecimal()); break;
            case RompTypeKind.Char:
                char c = _reader.ReadChar();
                if (char.IsSurrogate(c))
                    _json.WriteRawValue("\"\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + "\"", skipInputValidation: true);
                else
                    _json.WriteStringValue(c.ToString());
                break;
            case RompTypeKind.String:
                string? text = _reader.ReadString();
                if (text is null)
                    _json.WriteNullValue();
                else
                    _json.WriteStringValue(text);
                break;
            case RompTypeKind.Guid: _json.WriteStringValue(_reader.ReadGuid().ToString("D")); break;
            case RompTypeKind.DateTime: _json.WriteStringValue(RompFormatters.DateTime.Read(ref _reader).ToString("O", CultureInfo.InvariantCulture)); break;
            case RompTypeKind.DateTimeOffset: _json.WriteStringValue(RompFormatters.DateTimeOffset.Read(ref _reader).ToString("O", CultureInfo.InvariantCulture)); break;
            case RompTypeKind.TimeSpan: _json.WriteStringValue(RompFormatters.TimeSpan.Read(ref _reader).ToString("c", CultureInfo.InvariantCulture)); break;
            case RompTypeKind.DateOnly: _json.WriteStringValue(RompFormatters.DateOnly.Read(ref _reader).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case RompTypeKind.TimeOnly: _json.WriteStringValue(RompFormatters.TimeOnly.Read(ref _reader).ToString("HH:mm:ss.fffffff", CultureInfo.InvariantCulture)); break;
            case RompTypeKind.Bytes:
                byte[]? bytes = _reader.ReadByteArray();
                if (bytes is null)
                    _json.WriteNullValue();
                else
                    _json.WriteBase64StringValue(bytes);
                break;
            case RompTypeKind.Enum: ReadEnum(shape); break;
            case RompTypeKind.Nullable:
                if (_reader.ReadBoolean())
                    Read(shape.Arguments[0]);
                else
                    _json.WriteNullValue();
                break;
            case RompTypeKind.Array or RompTypeKind.List or RompTypeKind.Set: ReadSequence(shape); break;
            case RompTypeKind.Dictionary: ReadDictionary(shape); break;
            case RompTypeKind.Tuple:
                _json.WriteStartArray();
                foreach (RompTypeShape element in shape.Arguments)
                    Read(element);
                _json.WriteEndArray();
                break;
            case RompTypeKind.Record: ReadRecord(shape, caseName: null); break;
            case RompTypeKind.Union: ReadUnion(shape); break;
            case RompTypeKind.Reference or RompTypeKind.Block: ReadReference(shape); break;
            case RompTypeKind.ByteStream: ReadByteStream(); break;
            default:
                throw new RompException(RompError.UnsupportedType, $"A {shape.DisplayName} ({shape.Kind}) cannot be read without its own formatter.");
        }
    }

    private void WriteFloating(double value)
    {
        if (double.IsNaN(value))
            _json.WriteStringValue("NaN");
        else if (double.IsPositiveInfinity(value))
            _json.WriteStringValue("Infinity");
        else if (double.IsNegativeInfinity(value))
            _json.WriteStringValue("-Infinity");
        else
            _json.WriteNumberValue(value);
    }

    private void WriteFloating(float value)
    {
        if (float.IsFinite(value))
            _json.WriteNumberValue(value);
        else
            WriteFloating((double)value);
    }

    private void ReadEnum(RompTypeShape shape)
    {
        RompNamedType type = NamedType(shape);
        long number = type.UnderlyingKind switch
        {
            RompTypeKind.Byte => _reader.ReadByte(),
            RompTypeKind.SByte => _reader.ReadSByte(),
            RompTypeKind.Int16 => _reader.ReadInt16(),
            RompTypeKind.UInt16 => _reader.ReadUInt16(),
            RompTypeKind.Int32 => _reader.ReadInt32(),
            RompTypeKind.UInt32 => _reader.ReadUInt32(),
            _ => _reader.ReadInt64(),
        };
        foreach (RompEnumValue value in type.Values)
        {
            if (value.Value == number)
            {
                _json.WriteStringValue(value.Name);
                return;
            }
        }

        // Enum values are not checked on the wire: an unnamed one is shown as its number.
        if (type.UnderlyingKind == RompTypeKind.UInt64)
            _json.WriteNumberValue(unchecked((ulong)number));
        else
            _json.WriteNumberValue(number);
    }

    private void ReadSequence(RompTypeShape shape)
    {
        int count = _reader.ReadLength();
        if (count < 0)
        {
            _json.WriteNullValue();
            return;
        }

        _reader.EnterNested();
        _json.WriteStartArray();
        for (int i = 0; i < count; i++)
            Read(shape.Arguments[0]);
        _json.WriteEndArray();
        _reader.ExitNested();
    }

    private void ReadDictionary(RompTypeShape shape)
    {
        int count = _reader.ReadLength(minElementSize: 2);
        if (count < 0)
        {
            _json.WriteNullValue();
            return;
        }

        RompTypeShape key = shape.Arguments[0];
        _reader.EnterNested();
        if (WireFromJson.IsTextKey(key))
        {
            _json.WriteStartObject();
            for (int i = 0; i < count; i++)
            {
                _json.WritePropertyName(KeyText(key));
                Read(shape.Arguments[1]);
            }

            _json.WriteEndObject();
        }
        else
        {
            _json.WriteStartArray();
            for (int i = 0; i < count; i++)
            {
                _json.WriteStartArray();
                Read(key);
                Read(shape.Arguments[1]);
                _json.WriteEndArray();
            }

            _json.WriteEndArray();
        }

        _reader.ExitNested();
    }

    // A key JSON can only carry as an object's name: read it as its own JSON, then use its text.
    private string KeyText(RompTypeShape key)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            var nested = new JsonFromWire(_contract, _reader, json);
            nested.Read(key);
            json.Flush();
            _reader = nested.Reader;
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        JsonElement root = document.RootElement;
        return root.ValueKind == JsonValueKind.String ? root.GetString()! : root.GetRawText();
    }

    // caseName: the record is a union's case, shown with its type as "$type", and never null.
    private void ReadRecord(RompTypeShape shape, string? caseName)
    {
        RompNamedType type = NamedType(shape);
        int length = _reader.ReadLength();
        if (length < 0)
        {
            if (type.IsValueType)
                throw new RompException(RompError.InvalidMessage, $"A {type.Name} value is null, but it is a struct.");
            if (caseName is not null)
                throw new RompException(RompError.InvalidMessage, $"A {caseName} value holds a null {type.Name}.");
            _json.WriteNullValue();
            return;
        }

        _reader.EnterNested();
        long end = _reader.Consumed + length;
        _json.WriteStartObject();
        if (caseName is not null)
            _json.WriteString(WireFromJson.TypeProperty, type.Name);
        while (_reader.Consumed < end)
        {
            ushort id = _reader.ReadMemberKey(out RompWireKind kind);
            RompRecordMember? member = FindMember(type, id);
            if (member is null)
            {
                // A member of another version of the type than the description's.
                _reader.SkipMember(kind);
                continue;
            }

            _json.WritePropertyName(member.Name);
            ReadMember(type, member, kind);
        }

        _reader.EndMembers(end);
        _json.WriteEndObject();
        _reader.ExitNested();
    }

    // A union value is shown as its case's object, with the case's type as "$type" (a nested union's case, its own).
    private void ReadUnion(RompTypeShape shape)
    {
        RompNamedType type = NamedType(shape);
        int length = _reader.ReadLength();
        if (length < 0)
        {
            _json.WriteNullValue();
            return;
        }

        _reader.EnterNested();
        long end = _reader.Consumed + length;
        ushort tag = _reader.ReadUInt16();
        RompUnionCase @case = type.FindCase(tag) ?? throw RompFormatterErrors.UnknownUnionTag(type.Name, tag);
        if (@case.Shape.Kind == RompTypeKind.Union)
            ReadNestedUnion(@case.Shape, type.Name);
        else
            ReadRecord(@case.Shape, type.Name);
        if (_reader.Consumed > end)
            throw new RompException(RompError.InvalidMessage, $"A {type.Name} value is longer than its length prefix.");
        _reader.Skip(end - _reader.Consumed);
        _reader.ExitNested();
    }

    private void ReadNestedUnion(RompTypeShape shape, string outer)
    {
        RompReader peek = _reader;
        if (peek.ReadInt32() < 0)
            throw new RompException(RompError.InvalidMessage, $"A {outer} value holds a null {shape.Name}.");
        ReadUnion(shape);
    }

    private void ReadMember(RompNamedType type, RompRecordMember member, RompWireKind kind)
    {
        if (kind == RompWireKind.Null && member.Shape.Kind == RompTypeKind.Nullable)
        {
            _json.WriteNullValue();
            return;
        }

        MemberWire wire = MemberWire.Of(member.Shape, _contract)
            ?? throw new RompException(RompError.UnsupportedType, $"{type.Name} member '{member.Name}' is a {member.Shape.DisplayName}, which cannot be read without its own formatter.");
        if (kind != wire.Kind)
        {
            try
            {
                RompMembers.ThrowKindMismatch(kind, wire.Kind);
            }
            catch (RompException error)
            {
                throw RompMembers.Unreadable(error, type.Name, id: member.Id, member.Name);
            }
        }

        if (!wire.Delimited)
        {
            Read(wire.Value);
            return;
        }

        int length = _reader.ReadInt32();
        if ((uint)length > (ulong)_reader.Remaining)
            throw new RompException(RompError.InvalidMessage, $"A length of {length} does not fit the {_reader.Remaining} bytes that remain in the payload.");
        long start = _reader.Consumed;
        Read(wire.Value);
        if (_reader.Consumed - start != length)
            throw new RompException(RompError.InvalidMessage, $"{type.Name} member '{member.Name}' takes {_reader.Consumed - start} bytes, but its length says {length}.");
    }

    private static RompRecordMember? FindMember(RompNamedType type, ushort id)
    {
        foreach (RompRecordMember member in type.Members)
        {
            if (member.Id == id)
                return member;
        }

        return null;
    }

    private void ReadReference(RompTypeShape shape)
    {
        byte tag = _reader.ReadByte();
        switch (tag)
        {
            case 0:
                _json.WriteNullValue();
                return;
            case 1 or 2:
                uint id = _reader.ReadUInt32();
                if (tag == 1)
                    _reader.ReadUInt64(); // the contract id: the shape names the interface already
                _json.WriteStartObject();
                _json.WriteString("$ref", shape.Kind == RompTypeKind.Block ? shape.DisplayName : shape.Name);
                _json.WriteNumber(tag == 1 ? "objectId" : "homeId", id);
                _json.WriteEndObject();
                return;
            default:
                throw new RompException(RompError.InvalidMessage, $"Unknown reference tag {tag}.");
        }
    }

    // Only the id: the bytes follow in BYTES frames of their own, which nobody reads here.
    private void ReadByteStream()
    {
        uint id = _reader.ReadUInt32();
        if (id == 0)
        {
            _json.WriteNullValue();
            return;
        }

        _json.WriteStartObject();
        _json.WriteNumber("$stream", id);
        _json.WriteEndObject();
    }

    private readonly RompNamedType NamedType(RompTypeShape shape) =>
        _contract.FindType(shape.Name!) ?? throw new RompException(RompError.UnknownType, $"The description does not define {shape.Kind} '{shape.Name}'.");
}
