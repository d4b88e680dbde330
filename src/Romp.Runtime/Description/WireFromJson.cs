using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Romp.Description;

/// <summary>
/// Writes a JSON value as a value of a described shape, in Romp's wire format: what <see cref="RompJsonCodec"/> encodes
/// with. Strict: a value of the wrong JSON type, a number out of range, a missing or unknown member and an unknown enum
/// name are <see cref="JsonException"/>s that name the path to the value.
/// </summary>
internal ref struct WireFromJson
{
    private readonly RompContractDescription _contract;
    private readonly int _maxDepth;
    private RompWriter _writer;
    private int _depth;

    public WireFromJson(RompContractDescription contract, int maxDepth, IBufferWriter<byte> output)
    {
        _contract = contract;
        _maxDepth = maxDepth;
        _writer = new RompWriter(output, connection: null);
        _depth = 0;
    }

    public void Commit() => _writer.Commit();

    public void Write(RompTypeShape shape, JsonElement value, string path)
    {
        if (++_depth > _maxDepth)
            throw Fail(path, $"the value is nested more than {_maxDepth} levels deep");
        switch (shape.Kind)
        {
            case RompTypeKind.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw Expected(path, "true or false", value);
                _writer.WriteBoolean(value.GetBoolean());
                break;
            case RompTypeKind.Byte: _writer.WriteByte(value.ValueKind == JsonValueKind.Number && value.TryGetByte(out byte u8) ? u8 : throw Integer(path, "byte", value)); break;
            case RompTypeKind.SByte: _writer.WriteSByte(value.ValueKind == JsonValueKind.Number && value.TryGetSByte(out sbyte i8) ? i8 : throw Integer(path, "sbyte", value)); break;
            case RompTypeKind.Int16: _writer.WriteInt16(value.ValueKind == JsonValueKind.Number && value.TryGetInt16(out short i16) ? i16 : throw Integer(path, "short", value)); break;
            case RompTypeKind.UInt16: _writer.WriteUInt16(value.ValueKind == JsonValueKind.Number && value.TryGetUInt16(out ushort u16) ? u16 : throw Integer(path, "ushort", value)); break;
            case RompTypeKind.Int32: _writer.WriteInt32(value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int i32) ? i32 : throw Integer(path, "int", value)); break;
            case RompTypeKind.UInt32: _writer.WriteUInt32(value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out uint u32) ? u32 : throw Integer(path, "uint", value)); break;
            case RompTypeKind.Int64: _writer.WriteInt64(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long i64) ? i64 : throw Integer(path, "long", value)); break;
            case RompTypeKind.UInt64: _writer.WriteUInt64(value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out ulong u64) ? u64 : throw Integer(path, "ulong", value)); break;
            case RompTypeKind.Int128:
                _writer.WriteInt128(value.ValueKind == JsonValueKind.Number && Int128.TryParse(value.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out Int128 i128)
                    ? i128 : throw Integer(path, "Int128", value));
                break;
            case RompTypeKind.UInt128:
                _writer.WriteUInt128(value.ValueKind == JsonValueKind.Number && UInt128.TryParse(value.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out UInt128 u128)
                    ? u128 : throw Integer(path, "UInt128", value));
                break;
            case RompTypeKind.Single:
                double single = Floating(path, "float", value);
                if (double.IsFinite(single) && float.IsInfinity((float)single))
                    throw Fail(path, $"{value.GetRawText()} is out of the range of a float");
                _writer.WriteSingle((float)single);
                break;
            case RompTypeKind.Double: _writer.WriteDouble(Floating(path, "double", value)); break;
            case RompTypeKind.Half:
                double half = Floating(path, "Half", value);
                if (double.IsFinite(half) && Half.IsInfinity((Half)half))
                    throw Fail(path, $"{value.GetRawText()} is out of the range of a Half");
                _writer.WriteHalf((Half)half);
                break;
            case RompTypeKind.Decimal:
                _writer.WriteDecimal(value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal d) ? d : throw Expected(path, "a number in the range of a decimal", value));
                break;
            case RompTypeKind.Char:
                string c = Text(path, "a string of one character", value);
                if (c.Length != 1)
                    throw Fail(path, $"expected one character, got {c.Length}");
                _writer.WriteChar(c[0]);
                break;
            case RompTypeKind.String:
                _writer.WriteString(value.ValueKind == JsonValueKind.Null ? null : Text(path, "a string or null", value));
                break;
            case RompTypeKind.Guid:
                _writer.WriteGuid(Guid.TryParse(Text(path, "a GUID string", value), out Guid guid) ? guid : throw Fail(path, $"'{value.GetString()}' is not a GUID"));
                break;
            case RompTypeKind.DateTime:
                _writer.WriteInt64(DateTime.TryParse(Text(path, "an ISO 8601 date and time", value), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTime dateTime)
                    ? dateTime.ToBinary() : throw Fail(path, $"'{value.GetString()}' is not a date and time (ISO 8601: 2024-05-01T12:00:00Z)"));
                break;
            case RompTypeKind.DateTimeOffset:
                if (!DateTimeOffset.TryParse(Text(path, "an ISO 8601 date, time and offset", value), CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTimeOffset offset))
                    throw Fail(path, $"'{value.GetString()}' is not a date, time and offset (ISO 8601: 2024-05-01T12:00:00+02:00)");
                _writer.WriteInt64(offset.UtcTicks);
                _writer.WriteInt16((short)offset.TotalOffsetMinutes);
                break;
            case RompTypeKind.TimeSpan:
                _writer.WriteInt64(TimeSpan.TryParse(Text(path, "a time span", value), CultureInfo.InvariantCulture, out TimeSpan span)
                    ? span.Ticks : throw Fail(path, $"'{value.GetString()}' is not a time span ([-][d.]hh:mm:ss[.fffffff])"));
                break;
            case RompTypeKind.DateOnly:
                _writer.WriteInt32(DateOnly.TryParseExact(Text(path, "a date", value), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
                    ? date.DayNumber : throw Fail(path, $"'{value.GetString()}' is not a date (yyyy-MM-dd)"));
                break;
            case RompTypeKind.TimeOnly:
                _writer.WriteInt64(TimeOnly.TryParse(Text(path, "a time of day", value), CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly time)
                    ? time.Ticks : throw Fail(path, $"'{value.GetString()}' is not a time of day (HH:mm:ss[.fffffff])"));
                break;
            case RompTypeKind.Bytes:
                if (value.ValueKind == JsonValueKind.Null)
                    _writer.WriteNullLength();
                else if (value.ValueKind == JsonValueKind.String && value.TryGetBytesFromBase64(out byte[]? bytes))
                    _writer.WriteBytes(bytes);
                else
                    throw Expected(path, "a base64 string or null", value);
                break;
            case RompTypeKind.Enum:
                WriteEnum(shape, value, path);
                break;
            case RompTypeKind.Nullable:
                _writer.WriteBoolean(value.ValueKind != JsonValueKind.Null);
                if (value.ValueKind != JsonValueKind.Null)
                    Write(shape.Arguments[0], value, path);
                break;
            case RompTypeKind.Array or RompTypeKind.List or RompTypeKind.Set:
                WriteSequence(shape, value, path);
                break;
            case RompTypeKind.Dictionary:
                WriteDictionary(shape, value, path);
                break;
            case RompTypeKind.Tuple:
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != shape.Arguments.Count)
                    throw Expected(path, $"an array of {shape.Arguments.Count} elements", value);
                int index = 0;
                foreach (JsonElement element in value.EnumerateArray())
                {
                    Write(shape.Arguments[index], element, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]");
                    index++;
                }

                break;
            case RompTypeKind.Record:
                WriteRecord(shape, value, path, asCase: false);
                break;
            case RompTypeKind.Union:
                WriteUnion(shape, value, path);
                break;
            default:
                throw Fail(path, $"a {shape.DisplayName} ({shape.Kind}) cannot be sent from JSON");
        }

        _depth--;
    }

    private void WriteEnum(RompTypeShape shape, JsonElement value, string path)
    {
        RompNamedType type = NamedType(shape, path);
        long number;
        if (value.ValueKind == JsonValueKind.String)
        {
            string name = value.GetString()!;
            RompEnumValue? match = null;
            foreach (RompEnumValue candidate in type.Values)
            {
                if (candidate.Name == name)
                    match = candidate;
            }

            if (match is null)
            {
                throw Fail(path, $"'{name}' is not a {type.Name}; use one of {string.Join(", ", type.Values.Select(static v => v.Name))} or a number");
            }

            number = match.Value;
        }
        else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long signed))
        {
            number = signed;
        }
        else if (value.ValueKind == JsonValueKind.Number && type.UnderlyingKind == RompTypeKind.UInt64 && value.TryGetUInt64(out ulong unsigned))
        {
            number = unchecked((long)unsigned);
        }
        else
        {
            throw Expected(path, $"a {type.Name} name or number", value);
        }

        bool fits = type.UnderlyingKind switch
        {
            RompTypeKind.Byte => number is >= byte.MinValue and <= byte.MaxValue,
            RompTypeKind.SByte => number is >= sbyte.MinValue and <= sbyte.MaxValue,
            RompTypeKind.Int16 => number is >= short.MinValue and <= short.MaxValue,
            RompTypeKind.UInt16 => number is >= ushort.MinValue and <= ushort.MaxValue,
            RompTypeKind.Int32 => number is >= int.MinValue and <= int.MaxValue,
            RompTypeKind.UInt32 => number is >= uint.MinValue and <= uint.MaxValue,
            RompTypeKind.Int64 => true,
            _ => value.ValueKind == JsonValueKind.String || number >= 0 || value.TryGetUInt64(out _),
        };
        if (!fits)
            throw Fail(path, $"{number} is out of the range of {type.Name} (a {type.UnderlyingKind})");
        switch (type.UnderlyingKind)
        {
            case RompTypeKind.Byte or RompTypeKind.SByte: _writer.WriteByte(unchecked((byte)number)); break;
            case RompTypeKind.Int16 or RompTypeKind.UInt16: _writer.WriteUInt16(unchecked((ushort)number)); break;
            case RompTypeKind.Int32 or RompTypeKind.UInt32: _writer.WriteUInt32(unchecked((uint)number)); break;
            default: _writer.WriteUInt64(unchecked((ulong)number)); break;
        }
    }

    private void WriteSequence(RompTypeShape shape, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            _writer.WriteNullLength();
            return;
        }

        if (value.ValueKind != JsonValueKind.Array)
            throw Expected(path, "an array or null", value);
        _writer.WriteLength(value.GetArrayLength());
        HashSet<string>? seen = shape.Kind == RompTypeKind.Set ? new HashSet<string>(StringComparer.Ordinal) : null;
        int index = 0;
        foreach (JsonElement element in value.EnumerateArray())
        {
            string at = path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            if (seen is null)
                Write(shape.Arguments[0], element, at);
            else
                WriteUnique(shape.Arguments[0], element, at, seen, "the set holds this element twice");
            index++;
        }
    }

    private void WriteDictionary(RompTypeShape shape, JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            _writer.WriteNullLength();
            return;
        }

        RompTypeShape key = shape.Arguments[0];
        RompTypeShape item = shape.Arguments[1];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (value.ValueKind == JsonValueKind.Object && IsTextKey(key))
        {
            int count = 0;
            foreach (JsonProperty _ in value.EnumerateObject())
                count++;
            _writer.WriteLength(count);
            foreach (JsonProperty property in value.EnumerateObject())
            {
                string at = path + "[" + JsonSerializer.Serialize(property.Name, RompJsonContext.Default.String) + "]";
                using JsonDocument keyDocument = KeyDocument(key, property.Name);
                WriteUnique(key, keyDocument.RootElement, at, seen, "the dictionary holds this key twice");
                Write(item, property.Value, at);
            }

            return;
        }

        // Keys that JSON object names cannot carry (records, tuples), or pairs given as such: [[key, value], ...].
        if (value.ValueKind != JsonValueKind.Array)
            throw Expected(path, IsTextKey(key) ? "an object, an array of [key, value] pairs, or null" : "an array of [key, value] pairs or null", value);
        _writer.WriteLength(value.GetArrayLength());
        int index = 0;
        foreach (JsonElement pair in value.EnumerateArray())
        {
            string at = path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
                throw Expected(at, "a [key, value] pair", pair);
            WriteUnique(key, pair[0], at + "[0]", seen, "the dictionary holds this key twice");
            Write(item, pair[1], at + "[1]");
            index++;
        }
    }

    // A set element or dictionary key is written on its own first, so that a repeat (which the receiver refuses as a
    // malformed message, closing the connection) is caught here.
    private void WriteUnique(RompTypeShape shape, JsonElement value, string path, HashSet<string> seen, string repeated)
    {
        var element = new ArrayBufferWriter<byte>();
        var nested = new WireFromJson(_contract, _maxDepth - _depth, element);
        nested.Write(shape, value, path);
        nested.Commit();
        if (!seen.Add(Convert.ToBase64String(element.WrittenSpan)))
            throw Fail(path, repeated);
        _writer.WriteRaw(element.WrittenSpan);
    }

    // asCase: the record is a union's case, whose object also holds "$type" (checked by the union) and is never null.
    private void WriteRecord(RompTypeShape shape, JsonElement value, string path, bool asCase)
    {
        RompNamedType type = NamedType(shape, path);
        if (value.ValueKind == JsonValueKind.Null && !type.IsValueType && !asCase)
        {
            _writer.WriteNullLength();
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
            throw Expected(path, type.IsValueType || asCase ? $"an object (a {type.Name})" : $"an object (a {type.Name}) or null", value);
        foreach (JsonProperty property in value.EnumerateObject())
        {
            bool known = asCase && property.Name == TypeProperty;
            foreach (RompRecordMember member in type.Members)
                known |= member.Name == property.Name;
            if (!known)
                throw Fail(path, $"{type.Name} has no member '{property.Name}'; its members are {string.Join(", ", type.Members.Select(static m => m.Name))}");
        }

        _writer.EnterNested();
        LengthPrefix prefix = _writer.BeginLengthPrefix();
        foreach (RompRecordMember member in type.Members)
        {
            string at = path + "." + member.Name;
            if (!value.TryGetProperty(member.Name, out JsonElement memberValue))
                throw Fail(at, $"the member is missing (a {type.Name} needs {string.Join(", ", type.Members.Select(static m => m.Name))})");
            WriteMember(member, memberValue, at);
        }

        _writer.EndLengthPrefix(prefix);
        _writer.ExitNested();
    }

    /// <summary>The property of a union value's JSON object that names its case's type.</summary>
    public const string TypeProperty = "$type";

    // As the generated union formatter writes it: a length, the case's tag, then the case's own encoding. The object's
    // "$type" names the case: a record case directly, or one of a nested union's cases, found through that union.
    private void WriteUnion(RompTypeShape shape, JsonElement value, string path)
    {
        RompNamedType union = NamedType(shape, path);
        if (value.ValueKind == JsonValueKind.Null)
        {
            _writer.WriteNullLength();
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
            throw Expected(path, $"an object (a {union.Name}, with \"{TypeProperty}\" naming its case) or null", value);
        if (!value.TryGetProperty(TypeProperty, out JsonElement name) || name.ValueKind != JsonValueKind.String)
            throw Fail(path, $"a {union.Name} needs \"{TypeProperty}\": one of {string.Join(", ", CaseNames(union, path))}");
        WriteCase(union, value, name.GetString()!, path);
    }

    private void WriteCase(RompNamedType union, JsonElement value, string caseName, string path)
    {
        RompUnionCase @case = FindCase(union, caseName, path)
            ?? throw Fail(path, $"'{caseName}' is not a case of {union.Name}; use one of {string.Join(", ", CaseNames(union, path))}");
        _writer.EnterNested();
        LengthPrefix prefix = _writer.BeginLengthPrefix();
        _writer.WriteUInt16(@case.Tag);
        if (@case.Shape.Kind == RompTypeKind.Union)
            WriteCase(NamedType(@case.Shape, path), value, caseName, path);
        else
            WriteRecord(@case.Shape, value, path, asCase: true);
        _writer.EndLengthPrefix(prefix);
        _writer.ExitNested();
    }

    // The case that is the record caseName, or the nested union that has it among its own cases. A description from a
    // peer could nest unions in a cycle, so the search goes no deeper than a value may nest.
    private readonly RompUnionCase? FindCase(RompNamedType union, string caseName, string path, int depth = 0)
    {
        if (depth > _maxDepth)
            throw Fail(path, $"the unions of {union.Name} nest more than {_maxDepth} levels deep");
        foreach (RompUnionCase @case in union.Cases)
        {
            if (@case.Shape.Kind == RompTypeKind.Record && @case.Shape.Name == caseName)
                return @case;
            if (@case.Shape.Kind == RompTypeKind.Union && FindCase(NamedType(@case.Shape, path), caseName, path, depth + 1) is not null)
                return @case;
        }

        return null;
    }

    // The record cases a "$type" may name, nested unions' included.
    private readonly List<string> CaseNames(RompNamedType union, string path, int depth = 0)
    {
        if (depth > _maxDepth)
            throw Fail(path, $"the unions of {union.Name} nest more than {_maxDepth} levels deep");
        var names = new List<string>();
        foreach (RompUnionCase @case in union.Cases)
        {
            if (@case.Shape.Kind == RompTypeKind.Union)
                names.AddRange(CaseNames(NamedType(@case.Shape, path), path, depth + 1));
            else
                names.Add(@case.Shape.Name!);
        }

        return names;
    }

    // As the generated formatters write a member: its id and wire kind, then its value, behind a length when its
    // encoding has none; a null Nullable member as the kind Null alone.
    private void WriteMember(RompRecordMember member, JsonElement value, string path)
    {
        if (member.Shape.Kind == RompTypeKind.Nullable && value.ValueKind == JsonValueKind.Null)
        {
            _writer.WriteMemberKey(member.Id, RompWireKind.Null);
            return;
        }

        MemberWire wire = MemberWire.Of(member.Shape, _contract) ?? throw Fail(path, $"a {member.Shape.DisplayName} ({member.Shape.Kind}) cannot be sent from JSON");
        _writer.WriteMemberKey(member.Id, wire.Kind);
        if (!wire.Delimited)
        {
            Write(wire.Value, value, path);
            return;
        }

        LengthPrefix prefix = _writer.BeginLengthPrefix();
        Write(wire.Value, value, path);
        _writer.EndLengthPrefix(prefix);
    }

    private readonly RompNamedType NamedType(RompTypeShape shape, string path) =>
        _contract.FindType(shape.Name!) ?? throw Fail(path, $"the description does not define {shape.Kind} '{shape.Name}'");

    /// <summary>Whether a dictionary with keys of this shape is written as a JSON object, the keys as its names.</summary>
    public static bool IsTextKey(RompTypeShape key) => key.Kind is >= RompTypeKind.Boolean and <= RompTypeKind.TimeOnly or RompTypeKind.Enum;

    // An object name as the JSON value of its key: a number or true/false as such, anything else as a string.
    private static JsonDocument KeyDocument(RompTypeShape key, string name)
    {
        bool literal = key.Kind is >= RompTypeKind.Boolean and <= RompTypeKind.UInt128 and not RompTypeKind.Char;
        if (literal)
        {
            try
            {
                return JsonDocument.Parse(name);
            }
            catch (JsonException)
            {
                // Not a number or boolean: let the key's own check say so.
            }
        }

        return JsonDocument.Parse(JsonSerializer.Serialize(name, RompJsonContext.Default.String));
    }

    private static double Floating(string path, string type, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number) && double.IsFinite(number))
            return number;
        if (value.ValueKind == JsonValueKind.String)
        {
            switch (value.GetString())
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        }

        throw Expected(path, $"a number (a {type}), or \"NaN\", \"Infinity\" or \"-Infinity\"", value);
    }

    private static string Text(string path, string expected, JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Expected(path, expected, value);

    private static JsonException Integer(string path, string type, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
            ? Fail(path, $"{value.GetRawText()} is not a whole number in the range of a {type}")
            : Expected(path, $"a whole number (a {type})", value);

    private static JsonException Expected(string path, string expected, JsonElement value) =>
        Fail(path, $"expected {expected}, got {Describe(value)}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static JsonException Fail(string path, string message) => new(path + ": " + message, path, null, null);
}
