using System.Buffers;
using System.Globalization;
using System.Text;
using Romp.Connections;
using Romp.Protocol;
using Romp.Rpc;

namespace Romp.Diagnostics;

/// <summary>
/// One connection's readable trace of its conversation, in the manner of Perl RMI's RMI_DEBUG: a line for every hello
/// and frame it sends and receives, with the time, the process and connection, the direction, the frame type, the call
/// id, for calls the object (by the name it was resolved under, else its id) and the method by name, a short summary of
/// the arguments or result (<see cref="PayloadSummary"/>) and the sizes. On with
/// <see cref="RompConnectionOptions.ConversationTrace"/>, or ROMP_DEBUG=1 in the environment (to standard error).
/// </summary>
/// <remarks>
/// Exists only while tracing is on: the frame channel, its output and the import table hold it in a field that is
/// otherwise null, so a connection that does not trace pays one null check per frame and nothing else. Sent frames are
/// seen in <see cref="FrameWriter"/>, under the output's lock and before the frame is handed on, so their lines are in
/// wire order and come before any answer's; received ones in the read loop, before the session handles them. To name
/// answers and objects, the trace remembers (boundedly) what it saw: the calls in progress in each direction, the
/// names resolved, the contracts of the peer's objects. Nothing here may break the conversation: every failure, of a
/// payload that does not decode or of the sink, is caught, and costs at most that line.
/// </remarks>
internal sealed class ConversationTrace
{
    /// <summary>How many calls in progress, names and objects each of the trace's tables remembers; past it, lines say less.</summary>
    public const int MaxRemembered = 4096;

    /// <summary>The environment variable that traces every connection of the process to standard error.</summary>
    public const string EnvironmentVariable = "ROMP_DEBUG";

    private const int CallColumnWidth = 11;

    // Read once per process, like RMI_DEBUG: standard error keeps standard output clean for a peer that talks on it.
    private static readonly Action<string>? s_environmentSink =
        IsOn(Environment.GetEnvironmentVariable(EnvironmentVariable)) ? static line => Console.Error.WriteLine(line) : null;

    private readonly Action<string> _sink;
    private readonly RompConnection _connection; // its export table names the objects the peer calls
    private readonly string _who;                // "4711 client#3": the process and the connection

    // All guarded by _gate, which is taken under the output's lock and the import table's, and takes no lock itself.
    private readonly object _gate = new();
    private readonly StringBuilder _line = new(256);
    private readonly Dictionary<uint, CallLabel> _outgoing = new(); // calls this side sent, by call id, until answered
    private readonly Dictionary<uint, CallLabel> _incoming = new(); // calls the peer sent, by call id, until answered
    private readonly Dictionary<uint, RompObjectContract> _imports = new(); // the peer's objects this side holds, until released
    private readonly Dictionary<uint, string> _importNames = new(); // the names the peer's objects were resolved under
    private readonly Dictionary<uint, string> _exportNames = new(); // the names the peer resolved this side's objects under

    private ConversationTrace(Action<string> sink, RompConnection connection, ConnectionRole role)
    {
        _sink = sink;
        _connection = connection;
        string roleName = role switch
        {
            ConnectionRole.Client => "client",
            ConnectionRole.Server => "server",
            _ => "peer",
        };
        _who = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId} {roleName}#{connection.Id}");
    }

    /// <summary>The sink ROMP_DEBUG=1 gives every connection that has none of its own: standard error. Null when it is not set.</summary>
    public static Action<string>? EnvironmentSink => s_environmentSink;

    /// <summary>Whether an environment variable's value turns tracing on: <c>1</c> or <c>true</c>.</summary>
    public static bool IsOn(string? value) =>
        value?.Trim() is { } setting && (setting == "1" || setting.Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>The trace of <paramref name="connection"/>, or null when <paramref name="sink"/> is: tracing is off.</summary>
    public static ConversationTrace? Create(Action<string>? sink, RompConnection connection, ConnectionRole role) =>
        sink is null ? null : new ConversationTrace(sink, connection, role);

    // ---- what the connection's parts report ----

    /// <summary>This side's hello went out.</summary>
    public void OnHelloSent(int maxFrameSize, HelloFlags flags) => OnHello(sent: true, maxFrameSize, flags);

    /// <summary>The peer's hello arrived and was accepted.</summary>
    public void OnHelloReceived(int maxFrameSize, HelloFlags flags) => OnHello(sent: false, maxFrameSize, flags);

    /// <summary>
    /// A frame is about to be handed on: <paramref name="frame"/> is its header and payload, valid only during this call.
    /// Its payload is copied out, since what describes it reads a sequence; the copy is given back before this returns.
    /// </summary>
    public void OnSent(ReadOnlySpan<byte> frame)
    {
        try
        {
            FrameHeader.Read(frame, out uint length, out FrameType type, out uint callId);
            byte[] copy = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                frame.Slice(FrameHeader.Size, (int)length).CopyTo(copy);
                OnFrame(sent: true, type, callId, new ReadOnlySequence<byte>(copy, 0, (int)length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
        catch (Exception)
        {
            // A trace never breaks the conversation.
        }
    }

    /// <summary>A frame arrived; its payload is valid only during this call.</summary>
    public void OnReceived(in Frame frame) => OnFrame(sent: false, frame.Type, frame.CallId, frame.Payload);

    /// <summary>This side now holds a proxy for the peer's object <paramref name="objectId"/>: calls on it are named by <paramref name="contract"/>.</summary>
    public void OnImported(uint objectId, RompObjectContract contract)
    {
        lock (_gate)
            Remember(_imports, objectId, contract);
    }

    // ---- the lines ----

    private void OnHello(bool sent, int maxFrameSize, HelloFlags flags)
    {
        string line;
        try
        {
            lock (_gate)
            {
                StringBuilder b = AppendPrefix(sent, "HELLO", callColumn: null);
                FrameSummary.AppendHello(b, flags, maxFrameSize);
                if (sent && _connection.RemoteEndPoint is { } peer)
                    b.Append(", peer ").Append(peer);
                b.Append("  (hello ").Append(Handshake.Size).Append(" B)");
                line = b.ToString();
            }
        }
        catch (Exception)
        {
            return;
        }

        Write(line);
    }

    private void OnFrame(bool sent, FrameType type, uint callId, in ReadOnlySequence<byte> payload)
    {
        string line;
        try
        {
            lock (_gate)
            {
                StringBuilder b = AppendPrefix(sent, FrameSummary.TypeName(type), CallColumn(type, callId));
                int fields = b.Length;
                try
                {
                    AppendFields(b, sent, type, callId, in payload);
                }
                catch (Exception error)
                {
                    // A malformed payload: the session will say what it makes of it; the line shows it was there.
                    if (b.Length > fields)
                        b.Append("  ");
                    b.Append("(not decoded: ").Append(error.Message).Append(')');
                }

                b.Append("  (payload ").Append(payload.Length).Append(" B, frame ").Append(payload.Length + FrameHeader.Size).Append(" B)");
                line = b.ToString();
            }
        }
        catch (Exception)
        {
            return;
        }

        Write(line);
    }

    private void Write(string line)
    {
        try
        {
            _sink(line);
        }
        catch (Exception)
        {
            // The sink's failure loses this line, never the conversation.
        }
    }

    private StringBuilder AppendPrefix(bool sent, string type, string? callColumn)
    {
        StringBuilder b = _line.Clear();
        b.Append(DateTime.Now.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture))
            .Append(' ').Append(_who)
            .Append(sent ? " -> " : " <- ")
            .Append(type.PadRight(FrameSummary.TypeWidth))
            .Append(' ')
            .Append((callColumn ?? "").PadRight(CallColumnWidth))
            .Append(' ');
        return b;
    }

    // Frames whose call id means nothing (ONEWAY, GOODBYE, RELEASE, DRAIN carry 0) leave the column empty.
    private static string? CallColumn(FrameType type, uint callId) => type switch
    {
        FrameType.Ping or FrameType.Pong => "ping " + callId.ToString(CultureInfo.InvariantCulture),
        FrameType.Oneway or FrameType.Goodbye or FrameType.Release or FrameType.Drain => null,
        // A byte stream's frames name the stream, by its id in its writer's space.
        FrameType.Bytes or FrameType.BytesEnd or FrameType.BytesCredit or FrameType.BytesStop => "stream " + callId.ToString(CultureInfo.InvariantCulture),
        _ when callId == 0 => null,
        _ => "call " + callId.ToString(CultureInfo.InvariantCulture),
    };

    private void AppendFields(StringBuilder b, bool sent, FrameType type, uint callId, in ReadOnlySequence<byte> payload)
    {
        switch (type)
        {
            case FrameType.Request:
            case FrameType.RequestBlock:
            case FrameType.Oneway:
            case FrameType.OnewaySync:
                AppendCall(b, sent, type, callId, in payload);
                break;
            case FrameType.RetVal:
            case FrameType.Exception:
            case FrameType.Yield:
            case FrameType.NullMsg:
                AppendAnswer(b, sent, type, callId, in payload);
                break;
            case FrameType.Sync:
                Remember(sent ? _outgoing : _incoming, callId, CallLabel.Sync);
                b.Append("barrier");
                break;
            case FrameType.Cancel:
                // CANCEL and CREDIT come from the caller: sent, they name a call of this side's.
                b.Append(LabelOf(sent ? _outgoing : _incoming, callId));
                break;
            case FrameType.Credit:
                b.Append(LabelOf(sent ? _outgoing : _incoming, callId));
                var credit = new RompReader(payload);
                b.Append("  +").Append(credit.ReadUInt32()).Append(" items");
                break;
            case FrameType.Goodbye:
            case FrameType.Drain:
                FrameSummary.AppendGoodbye(b, in payload);
                break;
            case FrameType.Release:
                AppendRelease(b, sent, in payload);
                break;
            case FrameType.Discard:
                b.Append("skipped");
                break;
            case FrameType.Bytes:
                b.Append(payload.Length).Append(" bytes");
                break;
            case FrameType.BytesEnd:
                if (payload.IsEmpty)
                    b.Append("end");
                else
                    FrameSummary.AppendError(b, in payload);
                break;
            case FrameType.BytesCredit:
                var granted = new RompReader(payload);
                b.Append('+').Append(granted.ReadUInt32()).Append(" bytes");
                break;
            case FrameType.BytesStop:
                b.Append("stop");
                break;
        }
    }

    private void AppendCall(StringBuilder b, bool sent, FrameType type, uint callId, in ReadOnlySequence<byte> payload)
    {
        var reader = new RompReader(payload);
        uint objectId = reader.ReadUInt32();
        ushort methodId = reader.ReadUInt16();
        uint? deadline = null;
        if (methodId > CallHeader.MaxMethodId)
        {
            methodId &= CallHeader.MaxMethodId;
            deadline = CallHeader.Read(ref reader);
        }

        uint? credit = type == FrameType.RequestBlock ? reader.ReadUInt32() : null;
        ReadOnlySequence<byte> arguments = payload.Slice(reader.Consumed);

        CallLabel label = objectId == RompConnection.ResolverId
            ? ResolverCall(methodId, in arguments)
            : ObjectCall(sent, objectId, methodId);
        if (type != FrameType.Oneway)
            Remember(sent ? _outgoing : _incoming, callId, label);

        b.Append(label.Text);
        if (deadline is { } milliseconds)
            b.Append("  deadline ").Append(milliseconds).Append(" ms");
        if (credit is { } items)
            b.Append("  credit ").Append(items);
        if (objectId == RompConnection.ResolverId)
        {
            if (label.ResolvedName is not null)
            {
                b.Append("  contract ");
                FrameSummary.AppendQuoted(b, label.ContractName);
            }

            return;
        }

        b.Append("  ");
        PayloadSummary.Append(b, label.Contract, methodId, PayloadKind.Arguments, in arguments);
    }

    private void AppendAnswer(StringBuilder b, bool sent, FrameType type, uint callId, in ReadOnlySequence<byte> payload)
    {
        // An answer goes the other way from its call: sent, it answers the peer's. A YIELD is not the last.
        Dictionary<uint, CallLabel> calls = sent ? _incoming : _outgoing;
        calls.TryGetValue(callId, out CallLabel? label);
        if (type != FrameType.Yield)
            calls.Remove(callId);
        b.Append(label?.Text ?? CallLabel.NotSeen.Text);

        switch (type)
        {
            case FrameType.RetVal when label?.ResolvedName is { } name:
                var reader = new RompReader(payload);
                uint objectId = reader.ReadUInt32();
                MethodGaps? gaps = MethodGaps.Read(ref reader);
                reader.EnsureEnd();
                Remember(sent ? _exportNames : _importNames, objectId, name);
                b.Append(" -> #").Append(objectId);
                if (gaps is not null)
                    b.Append("  lacking ").Append(gaps.Count).Append(gaps.Count == 1 ? " method" : " methods");
                break;
            case FrameType.RetVal when label?.IsResolver == true:
                if (payload.IsEmpty)
                    b.Append(" accepted");
                break;
            case FrameType.RetVal:
                b.Append("  ");
                PayloadSummary.Append(b, label?.Contract, label?.MethodId ?? 0, PayloadKind.Result, in payload);
                break;
            case FrameType.Yield:
                b.Append("  ");
                PayloadSummary.Append(b, label?.Contract, label?.MethodId ?? 0, PayloadKind.Items, in payload);
                break;
            case FrameType.Exception:
                b.Append("  ");
                FrameSummary.AppendError(b, in payload);
                break;
        }
    }

    private void AppendRelease(StringBuilder b, bool sent, in ReadOnlySequence<byte> payload)
    {
        const int Shown = 8;
        var reader = new RompReader(payload);
        uint count = reader.ReadUInt32();
        b.Append(count).Append(count == 1 ? " object:" : " objects:");
        for (uint i = 0; i < count; i++)
        {
            uint objectId = reader.ReadUInt32();
            uint references = reader.ReadUInt32();
            if (i < Shown)
                b.Append(' ').Append(ObjectText(sent ? _importNames : _exportNames, objectId)).Append(" x").Append(references);
            if (sent)
            {
                // This side gave the object back: a later proxy for the same id reports itself again.
                _imports.Remove(objectId);
                _importNames.Remove(objectId);
            }
        }

        if (count > Shown)
            b.Append(" …");
    }

    // ---- naming ----

    // Sent, a call goes to one of the peer's objects, known from the proxies made for them; received, to one of this
    // side's, known from the connection's export table.
    private CallLabel ObjectCall(bool sent, uint objectId, ushort methodId)
    {
        RompObjectContract? contract;
        string obj;
        if (sent)
        {
            _imports.TryGetValue(objectId, out contract);
            obj = ObjectText(_importNames, objectId);
        }
        else
        {
            contract = _connection.Exports.Find(objectId)?.Contract;
            obj = ObjectText(_exportNames, objectId) + (contract is null ? " (not exported)" : "");
        }

        string method = contract is null
            ? "method " + methodId.ToString(CultureInfo.InvariantCulture)
            : contract.GetQualifiedMethodName(methodId);
        return new CallLabel(obj + " " + method, contract, methodId);
    }

    // The resolver's calls say what they ask for; the credentials of an authenticate call are never shown.
    private static CallLabel ResolverCall(ushort methodId, in ReadOnlySequence<byte> arguments)
    {
        var reader = new RompReader(arguments);
        switch (methodId)
        {
            case RompConnection.ResolveMethod:
                string? name = reader.ReadString();
                string? contractName = reader.ReadString();
                var text = new StringBuilder("resolver resolve(");
                FrameSummary.AppendQuoted(text, name);
                return new CallLabel(text.Append(')').ToString(), contract: null, methodId) { IsResolver = true, ResolvedName = name ?? "null", ContractName = contractName };
            case AuthenticationExchange.AuthenticateMethod:
                string? scheme = reader.ReadString();
                return new CallLabel(scheme is null ? "resolver authenticate(no credentials)" : $"resolver authenticate({scheme}, credentials not shown)", contract: null, methodId) { IsResolver = true };
            default:
                return new CallLabel("resolver method " + methodId.ToString(CultureInfo.InvariantCulture), contract: null, methodId) { IsResolver = true };
        }
    }

    private static string ObjectText(Dictionary<uint, string> names, uint objectId)
    {
        string id = "#" + objectId.ToString(CultureInfo.InvariantCulture);
        return names.TryGetValue(objectId, out string? name) ? name + "(" + id + ")" : id;
    }

    private static string LabelOf(Dictionary<uint, CallLabel> calls, uint callId) =>
        calls.TryGetValue(callId, out CallLabel? label) ? label.Text : CallLabel.NotSeen.Text;

    // Bounded: a table that is full keeps what it has, and lines about what it could not take say less.
    private static void Remember<TValue>(Dictionary<uint, TValue> table, uint key, TValue value)
    {
        if (table.Count < MaxRemembered || table.ContainsKey(key))
            table[key] = value;
    }

    /// <summary>What a call is, as its answers, CANCEL and CREDIT name it.</summary>
    private sealed class CallLabel(string text, RompObjectContract? contract, ushort methodId)
    {
        public static readonly CallLabel Sync = new("SYNC", null, 0);

        public static readonly CallLabel NotSeen = new("(call not seen)", null, 0);

        public string Text { get; } = text;

        public RompObjectContract? Contract { get; } = contract;

        public ushort MethodId { get; } = methodId;

        /// <summary>A call to the resolver: its answer is no method's result.</summary>
        public bool IsResolver { get; init; }

        /// <summary>For a resolve, the name asked for: its answer's object id is known by it from then on.</summary>
        public string? ResolvedName { get; init; }

        public string? ContractName { get; init; }

        public override string ToString() => Text;
    }
}
