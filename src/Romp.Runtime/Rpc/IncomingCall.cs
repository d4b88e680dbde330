using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;
using Romp.Telemetry;

namespace Romp.CompilerServices;

/// <summary>
/// One call received from a peer, handed to the generated dispatcher. Pooled: it is only valid until the
/// <see cref="ValueTask"/> returned by <see cref="DispatcherBase.DispatchAsync"/> completes.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class IncomingCall : IThreadPoolWorkItem, IPooled
{
    private RompConnection _connection = null!;
    private Export _export = null!;
    private FrameType _type;
    // Most arguments are small: a pooled call keeps a buffer of its own for them, so the common call rents nothing.
    private const int OwnBufferSize = 256;
    private readonly byte[] _ownBuffer = new byte[OwnBufferSize];
    private byte[]? _payload;
    private int _payloadLength;
    private bool _argumentsRead;
    private bool _readingArguments; // between Begin*Arguments and EndArguments: a failure there is the payload's
    private List<IDisposable>? _blocks;          // blocks and byte streams among the arguments: valid until the call ends
    private List<ProgressReporter>? _progress;   // IProgress<T> arguments: their reports reach the caller before the answer
    private readonly CallCancellation _cancellation = new();
    private readonly StreamCredit _credit = new();
    // Telemetry, only while someone listens (Telemetry/ServerCall.cs); fields, not locals, so that RunAsync's state
    // machine is no larger for them when nobody does.
    private TraceParent _trace;       // the caller's trace context
    private long _received;           // when the frame was read (Stopwatch ticks); 0 when nobody listened then
    private ServerCall _observed;     // the call's span and clock, from RunAsync's start
    private Exception? _answeredWith; // the error the caller was answered with

    // Most items a YIELD frame carries; a batch also ends when the source would have to wait or credit runs out.
    private const int MaxItemsPerYield = 256;

    internal IncomingCall()
    {
    }

    /// <summary>The id of the method being called, as the generator numbered it.</summary>
    public ushort MethodId { get; private set; }

    /// <summary>The object being called.</summary>
    public object Target => _export.Target;

    internal uint CallId { get; private set; }

    internal FrameType Type => _type;

    internal long Sequence { get; private set; }

    internal Export Export => _export;

    internal RompConnection Connection => _connection;

    /// <summary>Set by the connection for a call with arguments, which may name released objects until read.</summary>
    internal long ArgumentsTicket { get; set; }

    /// <summary>The ticket a request or one-way call holds in the scheduler's SYNC barrier.</summary>
    internal long SyncTicket { get; set; }

    /// <summary>
    /// Starts reading the arguments of a method that does not stream; the reader must be handed back to
    /// <see cref="EndArguments"/>. A REQUEST_BLOCK is refused here, before the method can see its arguments.
    /// </summary>
    public RompReader BeginArguments()
    {
        if (_type == FrameType.RequestBlock)
            RefuseKind("does not stream and must not be called with REQUEST_BLOCK");
        _readingArguments = true;
        return new(new ReadOnlySequence<byte>(_payload ?? [], 0, _payloadLength), _connection, this);
    }

    /// <summary>
    /// Starts reading the arguments of a method that streams its result (<see cref="StreamAsync"/>); anything but a
    /// REQUEST_BLOCK is refused here, before the method can see its arguments.
    /// </summary>
    public RompReader BeginStreamArguments()
    {
        if (_type != FrameType.RequestBlock)
            RefuseKind("streams its result and must be called with REQUEST_BLOCK");
        _readingArguments = true;
        return new(new ReadOnlySequence<byte>(_payload ?? [], 0, _payloadLength), _connection, this);
    }

    // A call of the wrong kind is answered (docs/protocol.md §3.11), not a violation that closes the connection: its
    // arguments are dropped unread, as a refused call's are, and the caller gets EXCEPTION/InvalidMessage.
    [DoesNotReturn]
    private void RefuseKind(string what)
    {
        ArgumentsDone();
        _argumentsRead = true;
        ReleasePayload();
        throw new RompException(RompError.InvalidMessage, $"Method id {MethodId} of {_export.Contract.InterfaceName} {what}.");
    }

    /// <summary>
    /// Checks that the arguments were consumed exactly and releases the payload buffer. Arguments that cannot be read
    /// fail the call with <see cref="RompError.InvalidMessage"/> (the method never runs) and leave the connection open;
    /// anything thrown after this point is the method's own failure. An object its owner withdrew fails here, after the
    /// arguments were read, so the references they carry are counted.
    /// </summary>
    public void EndArguments(ref RompReader reader)
    {
        ArgumentsDone();
        reader.EnsureEnd();
        _argumentsRead = true;
        _readingArguments = false;
        ReleasePayload();
        if (_export.Withdrawn)
            throw new RompException(RompError.ObjectWithdrawn, $"The object ({_export.Contract.InterfaceName}) was withdrawn by its owner.");
    }

    /// <summary>
    /// A block (or a progress object, or a byte stream) arrived with this call: it is valid until the call ends. It is
    /// released before the answer is sent, so that a SYNC sent after the answer follows the release.
    /// </summary>
    internal void ReleaseWhenDone(IDisposable block)
    {
        (_blocks ??= new List<IDisposable>()).Add(block);
        if (block is ProgressReporter progress)
            (_progress ??= new List<ProgressReporter>()).Add(progress);
    }

    private void ArgumentsDone()
    {
        if (ArgumentsTicket != 0)
        {
            long ticket = ArgumentsTicket;
            ArgumentsTicket = 0;
            _connection.OnArgumentsDone(ticket);
        }
    }

    private void ReleaseBlocks()
    {
        _progress?.Clear();
        if (_blocks is not { Count: > 0 } blocks)
            return;
        foreach (IDisposable block in blocks)
            block.Dispose();
        blocks.Clear();
    }

    // Every report a progress argument sent has reached the caller's object (or failed) before the call's answer goes
    // out, and none is sent after it (docs/protocol.md §4.4). Never throws.
    private async ValueTask EndProgressAsync()
    {
        List<ProgressReporter> progress = _progress!;
        for (int i = 0; i < progress.Count; i++)
            await progress[i].EndAsync().ConfigureAwait(false);
        progress.Clear(); // their proxies stay among the blocks, released with them
    }

    /// <summary>
    /// Answers a method id the contract does not define with <see cref="RompError.UnknownMethod"/>: the caller is newer
    /// than this side, or knows the method with another signature (docs/protocol.md §4.3). Only this call fails, and the
    /// connection stays open. The arguments are dropped unread, since nothing here knows their types.
    /// </summary>
    public ValueTask UnknownMethod()
    {
        ArgumentsDone();
        _argumentsRead = true;
        ReleasePayload();
        RompObjectContract contract = _export.Contract;
        return ValueTask.FromException(new RompException(RompError.UnknownMethod,
            $"'{contract.ContractName}' ({contract.InterfaceName}) has no method with id {MethodId}."));
    }

    /// <summary>Completes a method without a result.</summary>
    public ValueTask Return()
    {
        if (_progress is { Count: > 0 })
            return ReturnAfterProgressAsync();
        ReleaseBlocks();
        if (ExpectsReply)
            _connection.SendResult(CallId);
        return default;
    }

    /// <summary>Completes a method with <paramref name="value"/>.</summary>
    public ValueTask Return<T>(T value, IRompFormatter<T> formatter)
    {
        if (_progress is { Count: > 0 })
            return ReturnAfterProgressAsync(value, formatter);
        ReleaseBlocks();
        if (ExpectsReply)
            _connection.SendResult(CallId, value, formatter);
        return default;
    }

    private async ValueTask ReturnAfterProgressAsync()
    {
        await EndProgressAsync().ConfigureAwait(false);
        await Return().ConfigureAwait(false);
    }

    private async ValueTask ReturnAfterProgressAsync<T>(T value, IRompFormatter<T> formatter)
    {
        await EndProgressAsync().ConfigureAwait(false);
        await Return(value, formatter).ConfigureAwait(false);
    }

    /// <summary>Completes when <paramref name="result"/> does, then sends an empty RETVAL.</summary>
    public ValueTask ReturnAsync(ValueTask result)
    {
        if (result.IsCompletedSuccessfully)
        {
            result.GetAwaiter().GetResult();
            return Return();
        }

        return AwaitReturnAsync(result);
    }

    /// <summary>Completes when <paramref name="result"/> does, then sends an empty RETVAL.</summary>
    public ValueTask ReturnAsync(Task result) => ReturnAsync(new ValueTask(result));

    /// <summary>Completes when <paramref name="result"/> does, then sends its value.</summary>
    public ValueTask ReturnAsync<T>(ValueTask<T> result, IRompFormatter<T> formatter) =>
        result.IsCompletedSuccessfully ? Return(result.Result, formatter) : AwaitReturnAsync(result, formatter);

    /// <summary>Completes when <paramref name="result"/> does, then sends its value.</summary>
    public ValueTask ReturnAsync<T>(Task<T> result, IRompFormatter<T> formatter) => ReturnAsync(new ValueTask<T>(result), formatter);

    internal bool ExpectsReply => _type is FrameType.Request;

    internal void Initialize(RompConnection connection, FrameType type, uint callId, Export export, ushort methodId, ReadOnlySequence<byte> arguments, long sequence, Deadline deadline, in TraceParent trace)
    {
        _received = ServerCall.IsEnabled ? Stopwatch.GetTimestamp() : 0;
        _trace = trace;
        if (!deadline.IsNone)
            _cancellation.SetDeadline(deadline);
        _connection = connection;
        _type = type;
        CallId = callId;
        _export = export;
        MethodId = methodId;
        Sequence = sequence;
        _argumentsRead = false;
        _readingArguments = false;
        _payloadLength = (int)arguments.Length;
        if (_payloadLength > 0)
        {
            // The frame's bytes belong to the pipe and are gone after AdvanceTo; the call may run later.
            _payload = _payloadLength <= OwnBufferSize ? _ownBuffer : ArrayPool<byte>.Shared.Rent(_payloadLength);
            arguments.CopyTo(_payload);
        }
    }

    /// <summary>
    /// Fires when the caller cancels the call (CANCEL frame) or the connection closes. Created on first use, so methods
    /// that take no token pay nothing for it. Valid for the duration of the call only: like Kestrel's
    /// RequestAborted, its source is reset and reused by a later call.
    /// </summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    internal Task? SerialTicket { get; set; }

    /// <summary>The deadline the caller sent with the call; none when it sent none.</summary>
    internal Deadline Deadline => _cancellation.Deadline;

    /// <summary>The deadline of the use <paramref name="generation"/>, from any thread; false once that use is over.</summary>
    internal bool TryGetDeadline(int generation, out Deadline deadline) => _cancellation.TryGetDeadline(generation, out deadline);

    /// <summary>Counts the uses of this pooled object, so that a late CANCEL or CREDIT cannot reach the next call.</summary>
    internal int Generation => _cancellation.Generation;

    /// <summary>
    /// Called by the read loop on CANCEL and by the connection when it closes. <paramref name="generation"/> is the
    /// <see cref="Generation"/> seen when the call was looked up: a call that has since finished and been reused is left alone.
    /// </summary>
    internal void RequestCancellation(int generation)
    {
        if (_cancellation.TryRequest(generation))
            _credit.Wake();
    }

    /// <summary>
    /// Streams <paramref name="source"/> back as YIELD frames, never more items ahead of the consumer than it has granted
    /// (CREDIT frames), then ends with RETVAL; a failure ends with EXCEPTION. Cancelled when the caller stops enumerating.
    /// </summary>
    public async ValueTask StreamAsync<T>(IAsyncEnumerable<T> source, IRompFormatter<T> formatter)
    {
        CancellationToken cancellation = CancellationToken;
        T[] batch = ArrayPool<T>.Shared.Rent(MaxItemsPerYield);
        int count = 0;
        try
        {
            await using IAsyncEnumerator<T> items = source.GetAsyncEnumerator(cancellation);
            while (true)
            {
                if (count == 0)
                    await WaitForCreditAsync(cancellation).ConfigureAwait(false);

                ValueTask<bool> next = items.MoveNextAsync();
                if (!next.IsCompletedSuccessfully && count > 0)
                {
                    // The source has to wait, or failed: send what is ready before waiting or reporting the failure.
                    count = SendBatch(batch, count, formatter);
                }

                if (!await next.ConfigureAwait(false))
                    break;
                batch[count++] = items.Current;
                if (count == MaxItemsPerYield || count == _credit.Available)
                    count = SendBatch(batch, count, formatter);
            }

            if (count > 0)
                count = SendBatch(batch, count, formatter);
            if (_progress is { Count: > 0 })
                await EndProgressAsync().ConfigureAwait(false);
            _connection.SendResult(CallId);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(batch, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    internal void AddCredit(uint items, int generation) => _credit.Grant(items, generation);

    internal void SetInitialCredit(uint items) => _credit.SetInitial(items, Generation);

    private int SendBatch<T>(T[] batch, int count, IRompFormatter<T> formatter)
    {
        _connection.SendYield(CallId, new ArraySegment<T>(batch, 0, count), formatter);
        _credit.Spend(count);
        Array.Clear(batch, 0, count);
        return 0;
    }

    private async ValueTask WaitForCreditAsync(CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (_credit.WaitTask(cancellation) is not { } wait)
                return;

            // The CREDIT may be behind a call the read loop would otherwise stop at: it must keep reading meanwhile.
            _connection.BeginWaitingOnPeer();
            try
            {
                await wait.ConfigureAwait(false);
            }
            finally
            {
                _connection.EndWaitingOnPeer();
            }
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    /// <summary>Runs the call to completion: dispatch, reply or error, then hands itself back to the pool.</summary>
    internal async ValueTask RunAsync()
    {
        Export export = _export;
        RompConnection connection = _connection;
        bool serialEntered = false;
        // Before the context below: the span is current for all the call runs, and restored when this flow ends.
        if (_received != 0)
            _observed = ServerCall.Start(this, _received, in _trace);
        // For the rest of this flow (awaits, streamed iterators, callbacks made meanwhile): set here, undone when it ends.
        RompCallContext? context = connection.FlowsCallContext ? RompCallContext.Enter(connection, this) : null;
        // The calls made while serving this one inherit what is left of its deadline (with or without the context).
        if (!Deadline.IsNone)
            RompDeadline.Enter(Deadline.Inherited());
        try
        {
            if (export.Policy is not null && connection.CheckPolicy(export, context ?? RompCallContext.For(connection, this)) is { } refused)
                throw refused;

            if (export.SerialGate is { } gate)
            {
                await gate.WaitAsync(SerialTicket).ConfigureAwait(false);
                serialEntered = true;
            }

            ValueTask work;
            try
            {
                work = export.Contract.Dispatcher.DispatchAsync(this);
            }
            catch (Exception error)
            {
                work = ValueTask.FromException(error);
            }

            await work.ConfigureAwait(false);
        }
        catch (Exception error)
        {
            if (_progress is { Count: > 0 })
                await EndProgressAsync().ConfigureAwait(false);
            ReleaseBlocks();
            Exception answer = PastDeadline(error) ?? (_readingArguments ? UnreadableArguments(error) : error);
            _answeredWith = answer;
            try
            {
                connection.OnCallFailed(this, answer, closesConnection: IsViolation(answer));
            }
            catch (Exception unsendable)
            {
                // No answer can reach the caller, who would wait forever: this connection cannot go on.
                connection.Abort(new RompException(RompError.SendFailed, "The answer to a call could not be sent: " + unsendable.Message, unsendable));
            }
        }
        finally
        {
            if (serialEntered)
                export.SerialGate!.Exit();
            ArgumentsDone();
            ReleaseBlocks();
            ReleasePayload();
            if (_received != 0)
                _observed.End(_answeredWith);
            connection.OnIncomingFinished(this);
        }
    }

    // The payload's bytes are delimited by its frame, so arguments that cannot be read (a member of another type than
    // this side declares, a length that does not fit) fail this call only (docs/protocol.md §3.11). Romp's own refusals
    // keep their error (an unknown or foreign reference); anything else a formatter threw (a constructor of the type
    // rejecting the values) is the payload's too, since the method never ran.
    private Exception UnreadableArguments(Exception error)
    {
        string method = _export.Contract.GetQualifiedMethodName(MethodId);
        return error switch
        {
            ProtocolViolationException violation => violation,
            RompException { Error: RompError.InvalidMessage } invalid =>
                new RompException(RompError.InvalidMessage, $"The arguments of {method} could not be read: {invalid.Message}", invalid),
            RompException romp => romp,
            _ => new RompException(RompError.InvalidMessage, $"The arguments of {method} could not be read: {error.Message}", error),
        };
    }

    // What closes the connection: a violation of the protocol outside the arguments (an unknown method id, today), or one
    // inside them that breaks the connection's own state (ProtocolViolationException).
    private bool IsViolation(Exception answer) =>
        answer is ProtocolViolationException || (!_argumentsRead && !_readingArguments && answer is RompException { Error: RompError.InvalidMessage });

    // A call cancelled once its deadline has passed (by the deadline or the caller's CANCEL) is answered as timed out:
    // its caller has given up anyway, and Timeout says why better than an OperationCanceledException would.
    private RompException? PastDeadline(Exception error) =>
        error is OperationCanceledException && (Deadline.HasPassed || _cancellation.FiredAtDeadline)
            ? new RompException(RompError.Timeout, $"{_export.Contract.GetQualifiedMethodName(MethodId)} ran past its deadline ({Rpc.Deadline.Describe(Deadline.Allowed)} from when it arrived) and was cancelled.")
            : null;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitReturnAsync(ValueTask result)
    {
        await result.ConfigureAwait(false);
        await Return().ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AwaitReturnAsync<T>(ValueTask<T> result, IRompFormatter<T> formatter)
    {
        T value = await result.ConfigureAwait(false);
        await Return(value, formatter).ConfigureAwait(false);
    }

    private void ReleasePayload()
    {
        if (_payload is { } payload)
        {
            _payload = null;
            if (!ReferenceEquals(payload, _ownBuffer))
                ArrayPool<byte>.Shared.Return(payload);
        }
    }

    void IPooled.Reset() => Reset();

    internal void Reset()
    {
        ReleasePayload();
        _cancellation.Reset();
        _credit.Reset();
        _trace = default;
        _received = 0;
        _observed = default;
        _answeredWith = null;
        _connection = null!;
        _export = null!;
        SerialTicket = default;
        ArgumentsTicket = 0;
        SyncTicket = 0;
    }
}
