using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Romp.Connections;
using Romp.Diagnostics;
using Romp.Errors;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;
using Romp.Telemetry;
using Romp.Transport;

namespace Romp;

/// <summary>
/// One Romp conversation over a byte stream. Symmetric: either side may bind objects, resolve the other side's, and call
/// them, so a server can call back into a client over the same connection. <see cref="RompServer"/> and
/// <see cref="RompClient"/> make these for you; <see cref="AttachAsync(Stream, RompConnectionOptions?, CancellationToken)"/>
/// makes one over any stream you already have (a named pipe, an SslStream, a child process's standard streams).
/// </summary>
/// <example>
/// <code>
/// // In the child process: bind, then start, so the object is there for the parent's first call.
/// await using RompConnection parent = RompConnection.Create(Console.OpenStandardInput(), Console.OpenStandardOutput());
/// parent.Bind&lt;ICalculator&gt;("calc", new Calculator());
/// await parent.StartAsync();
/// await parent.Completion;
/// </code>
/// </example>
/// <remarks>
/// The connection is wiring: a <see cref="FrameChannel"/> moves frames, <see cref="OutgoingCalls"/> tracks what this side
/// waits on, an <see cref="IncomingScheduler"/> runs what the peer sends, and a <see cref="ReferenceTracker"/> counts the
/// objects passed by reference. docs/architecture.md maps them.
/// </remarks>
public sealed class RompConnection : IAsyncDisposable
{
    /// <summary>Object id 0 is the resolver every connection has (ROMP's Resolve_Obj).</summary>
    internal const uint ResolverId = 0;

    /// <summary>Method id of the resolver's resolve(name, contractId) -> objectId.</summary>
    internal const ushort ResolveMethod = 1;

    /// <summary>Method id of the resolver's describe(name or null) -> description (docs/protocol.md §4.6).</summary>
    internal const ushort DescribeMethod = 3;

    private static readonly TimeSpan s_readStopTimeout = TimeSpan.FromSeconds(5);
    private static long s_lastId;

    private readonly RompTransportConnection _transport;
    private readonly ConnectionSettings _settings;
    private readonly ObjectDirectory _directory;
    private readonly ILogger _logger;
    private readonly FrameChannel _channel;
    private readonly FrameOutput _output; // the channel's writing half
    private readonly OutgoingCalls _outgoing = new();
    private readonly IncomingScheduler _incoming;
    private readonly ReferenceTracker _references;
    private readonly ByteStreamTable _byteStreams;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConnectionRole _role;
    private RompException? _peerGoodbye; // set by the read loop on GOODBYE, read once it has ended
    private ClaimsPrincipal? _principal; // set by the handshake on a server that authenticates; else made on first use
    private RompException? _closeReason; // set once, by whoever starts the shutdown
    private RompException? _localClose;  // set by CloseAsync before its GOODBYE leaves: the reason, even if the peer's answer ends the read loop first
    private bool _peerCallHeaders; // set by the handshake, before any call can be made: the peer's hello has CallHeaders
    private int _shutdown;
    private int _state; // Created, then Opening, then Open; a failed open stays Opening
    private bool _peerUnderstandsDrain; // set by the handshake, from the peer's hello
    private bool _peerDescribes; // set by the handshake, from the peer's hello: its resolver answers describe
    private bool _peerReadsFaultDetails; // set by the handshake, from the peer's hello: EXCEPTION may carry the detail
    private bool _onewayRefusedWhileDraining; // read loop only: from then on no SYNC may claim the peer's one-ways ran
    private RompException? _peerDraining; // set by the read loop on DRAIN: the peer is going away
    private readonly TaskCompletionSource _peerDrainingNotice = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _onewaysSent;      // counted only for a reconnecting client, after each ONEWAY is written
    private long _onewaysConfirmed; // the count a completed SYNC covers
    private readonly CancellationTokenSource _closing = new(); // cancels a handshake still in progress when the connection closes
    private readonly TaskCompletionSource _openEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RompConnection(RompTransportConnection transport, ConnectionSettings settings, ObjectDirectory directory, ConnectionRole role)
    {
        _transport = transport;
        _settings = settings;
        _directory = directory;
        _logger = settings.Logger;
        _role = role;
        Id = Interlocked.Increment(ref s_lastId);
        Trace = ConversationTrace.Create(settings.TraceSink, this, role); // before the parts, which keep it
        Telemetry = new ConnectionTelemetry(this, transport.RemoteEndPoint, role);
        _incoming = new IncomingScheduler(settings.MaxConcurrentCalls, settings.MaxOpenStreams);
        _references = new ReferenceTracker(this, directory.Registry, settings.MaxReferences, _logger);
        _byteStreams = new ByteStreamTable(this);
        _channel = new FrameChannel(transport, new FrameHandler(this), new FrameScopes(_references, _byteStreams), this, settings);
        _output = _channel.Output;
        _references.Attach(_output);
        _byteStreams.Attach(_output);
    }

    /// <summary>
    /// Makes a connection over <paramref name="stream"/>, exchanges hellos with the Romp peer on the other end, and starts
    /// reading. The connection owns the stream from then on and disposes it when it closes. To bind objects before the
    /// peer can ask for them, use <see cref="Create(Stream, RompConnectionOptions?)"/>, bind, then <see cref="StartAsync"/>.
    /// </summary>
    /// <param name="stream">A readable and writable stream with a Romp peer on the other end.</param>
    /// <param name="options">The connection's settings; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <exception cref="RompException">
    /// <see cref="RompError.InvalidPartner"/> when the peer does not speak this Romp protocol, <see cref="RompError.Timeout"/>
    /// after <see cref="RompConnectionOptions.HandshakeTimeout"/>.
    /// </exception>
    public static Task<RompConnection> AttachAsync(Stream stream, RompConnectionOptions? options = null, CancellationToken cancellationToken = default) =>
        StartedAsync(Create(stream, options), cancellationToken);

    /// <summary>
    /// Makes a connection that reads <paramref name="input"/> and writes <paramref name="output"/> (a child process's
    /// stdout and stdin, say), exchanges hellos, and starts reading. The connection disposes both when it closes.
    /// </summary>
    /// <param name="input">The stream the peer writes to.</param>
    /// <param name="output">The stream the peer reads.</param>
    /// <param name="options">The connection's settings; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <exception cref="RompException">As for <see cref="AttachAsync(Stream, RompConnectionOptions?, CancellationToken)"/>.</exception>
    public static Task<RompConnection> AttachAsync(Stream input, Stream output, RompConnectionOptions? options = null, CancellationToken cancellationToken = default) =>
        StartedAsync(Create(input, output, options), cancellationToken);

    /// <summary>
    /// Makes a connection over <paramref name="pipe"/>, exchanges hellos, and starts reading. The connection completes
    /// both halves of the pipe when it closes.
    /// </summary>
    /// <param name="pipe">A duplex pipe with a Romp peer on the other end.</param>
    /// <param name="options">The connection's settings; the defaults when null.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <exception cref="RompException">As for <see cref="AttachAsync(Stream, RompConnectionOptions?, CancellationToken)"/>.</exception>
    public static Task<RompConnection> AttachAsync(IDuplexPipe pipe, RompConnectionOptions? options = null, CancellationToken cancellationToken = default) =>
        StartedAsync(Create(pipe, options), cancellationToken);

    /// <summary>
    /// Makes a connection over <paramref name="stream"/> that does nothing until <see cref="StartAsync"/>: bind what the
    /// peer may resolve first, so that it is there when the peer's first call arrives. The connection owns the stream.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static RompConnection Create(Stream stream, RompConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Create(RompTransportConnection.FromStream(stream), options);
    }

    /// <summary>Makes a connection that reads <paramref name="input"/> and writes <paramref name="output"/>, to be started with <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static RompConnection Create(Stream input, Stream output, RompConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        return Create(RompTransportConnection.FromStream(input, output: output), options);
    }

    /// <summary>Makes a connection over <paramref name="pipe"/>, to be started with <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static RompConnection Create(IDuplexPipe pipe, RompConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        return Create(RompTransportConnection.FromPipe(pipe), options);
    }

    private static RompConnection Create(RompTransportConnection transport, RompConnectionOptions? options)
    {
        var settings = new ConnectionSettings(options ?? new RompConnectionOptions(), "Romp.Connection");
        return new RompConnection(transport, settings, new ObjectDirectory(new ExportRegistry()), ConnectionRole.Peer);
    }

    private static async Task<RompConnection> StartedAsync(RompConnection connection, CancellationToken cancellationToken)
    {
        await connection.StartAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// Exchanges hellos with the peer and starts reading; call once, on a connection from <c>Create</c>. On failure the
    /// stream is closed and the connection cannot be used.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection was started before.</exception>
    /// <exception cref="RompException">As for <see cref="AttachAsync(Stream, RompConnectionOptions?, CancellationToken)"/>.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default) => OpenAsync(cancellationToken);

    /// <summary>A number that tells this connection apart from the others of this process in logs.</summary>
    public long Id { get; }

    /// <summary>The peer's address, when the transport has one.</summary>
    public EndPoint? RemoteEndPoint => _transport.RemoteEndPoint;

    /// <summary>
    /// The certificate the peer proved it holds: under mutual TLS, on the server, the client's verified certificate; on
    /// a client over TLS, the server's. Null without TLS.
    /// </summary>
    public X509Certificate2? RemoteCertificate => _transport.RemoteCertificate;

    /// <summary>
    /// Who the peer is: on a server with <see cref="RompServerOptions.Authenticate"/>, the principal it returned for this
    /// client; otherwise an unauthenticated principal (no identity is authenticated, no role held).
    /// </summary>
    public ClaimsPrincipal Principal => _principal ??= new ClaimsPrincipal(new ClaimsIdentity());

    /// <summary>Completes once the connection is closed, whichever side closed it; <see cref="CloseReason"/> then says why.</summary>
    public Task Completion => _closed.Task;

    /// <summary>Why the connection closed (null while it is open).</summary>
    public RompException? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>The deadline of a call this side makes now (<see cref="RompConnectionOptions.DefaultCallTimeout"/>, the ambient one).</summary>
    internal Deadline DeadlineForNewCall() => Deadline.ForOutgoingCall(_settings.DefaultCallTimeout);

    /// <summary>True once the shutdown has begun: nothing sent from now on reaches the peer.</summary>
    internal bool IsClosed => Volatile.Read(ref _shutdown) != 0;

    /// <summary>False once the connection is closed, or the peer said it is going away (DRAIN): no new call should go out on it.</summary>
    internal bool TakesNewCalls => Volatile.Read(ref _shutdown) == 0 && Volatile.Read(ref _peerDraining) is null;

    /// <summary>Why the peer is going away, once it said so with DRAIN; the connection stays open for the calls in flight.</summary>
    internal RompException? PeerDraining => Volatile.Read(ref _peerDraining);

    /// <summary>Completes when the peer says it is going away (DRAIN); never, when it closes without saying so.</summary>
    internal Task PeerDrainingNotice => _peerDrainingNotice.Task;

    /// <summary>
    /// True when one-way calls went out that no completed SYNC covers: if the connection is lost, they may not have run.
    /// Known only on a reconnecting client's connection, which alone needs it.
    /// </summary>
    internal bool HasUnconfirmedOneways => Volatile.Read(ref _onewaysSent) > Volatile.Read(ref _onewaysConfirmed);

    internal ObjectDirectory Directory => _directory;

    /// <summary>The connection's transport and role as telemetry names them, and its frame counts (Telemetry/).</summary>
    internal ConnectionTelemetry Telemetry { get; }

    /// <summary>One-way calls received and queued or running, for <c>romp.oneways.queued</c>.</summary>
    internal int QueuedOneways => _incoming.QueuedOneways;

    /// <summary>The proxies of this connection's reconnecting client that can recover after a loss; null elsewhere.</summary>
    internal RecoverableProxies? Recoverable { get; init; }

    internal FrameChannel Channel => _channel;

    /// <summary>The readable trace of this conversation (<see cref="RompConnectionOptions.ConversationTrace"/>, ROMP_DEBUG); null when it is off.</summary>
    internal ConversationTrace? Trace { get; }

    internal ExportTable Exports => _references.Exports;

    internal ImportTable Imports => _references.Imports;

    internal uint StreamWindow => _settings.StreamWindow;

    /// <summary>Whether received calls set <see cref="RompCallContext.Current"/>.</summary>
    internal bool FlowsCallContext => _settings.FlowCallContext;

    internal int PendingCallCount => _outgoing.Count;

    internal int ActiveIncoming => _incoming.Active;

    /// <summary>
    /// Completes once the connection is closed and every call it received has finished. A call received before the
    /// close still runs after it, cancelled (docs/architecture.md, Shutdown), so this may come well after <see cref="Completion"/>.
    /// </summary>
    internal async Task WhenReceivedCallsFinishedAsync()
    {
        await Completion.ConfigureAwait(false);
        // Closed: the read loop has ended and admits nothing more, so "drained" is "every received call finished".
        await _incoming.DrainAsync().ConfigureAwait(false);
    }

    /// <summary>Exports <paramref name="obj"/> to the peer under <paramref name="name"/> (ROMP's bind); the peer reaches it with <see cref="ResolveAsync{T}"/>.</summary>
    /// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface the peer will resolve it as.</typeparam>
    /// <exception cref="ArgumentException">The name is already bound.</exception>
    /// <exception cref="RompException"><typeparamref name="T"/> has no generated contract (<see cref="RompError.UnexportableObject"/>).</exception>
    public void Bind<T>(string name, T obj) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(obj);
        _directory.Bind(name, obj, RompContracts.Get<T>());
    }

    /// <summary>
    /// Exports <paramref name="obj"/> under <paramref name="name"/>, usable only by callers <paramref name="policy"/>
    /// allows: others get <see cref="RompError.AccessDenied"/> when they resolve it or call it, and its code never runs.
    /// </summary>
    /// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface the peer will resolve it as.</typeparam>
    /// <exception cref="ArgumentException">The name is already bound, or the object is bound under another policy.</exception>
    /// <exception cref="RompException"><typeparamref name="T"/> has no generated contract (<see cref="RompError.UnexportableObject"/>).</exception>
    public void Bind<T>(string name, T obj, RompPolicy policy) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(policy);
        _directory.Bind(name, obj, RompContracts.Get<T>(), policy);
    }

    /// <summary>Removes a name; unless the object is still bound under another, it is withdrawn and its calls fail with <see cref="RompError.ObjectWithdrawn"/>.</summary>
    /// <returns>False when nothing was bound under the name.</returns>
    public bool Unbind(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _directory.Unbind(name);
    }

    /// <summary>
    /// Withdraws <paramref name="obj"/>, whether bound or only passed by reference: the peer's later calls on it fail with
    /// <see cref="RompError.ObjectWithdrawn"/>. Returns false when this connection never exported it.
    /// </summary>
    public bool Unregister(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return _directory.Unregister(obj);
    }

    /// <summary>Returns a proxy for the object the peer bound as <paramref name="name"/>.</summary>
    /// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface to use it through.</typeparam>
    /// <exception cref="RompException">
    /// <see cref="RompError.UnknownObject"/> when nothing is bound under the name; <see cref="RompError.TypeGuardFailure"/>
    /// when the object is bound to another contract (another <see cref="RompObjectAttribute.Name"/>). Another version of
    /// the same contract resolves: the proxy's calls to methods the object lacks then fail with
    /// <see cref="RompError.UnknownMethod"/>, unsent.
    /// </exception>
    /// <exception cref="InvalidOperationException">The connection is not started.</exception>
    public async Task<T> ResolveAsync<T>(string name, CancellationToken cancellationToken = default) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfNotOpen();
        return (T)await ResolveAsync(name, RompContracts.Get<T>(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resolves the object bound as <paramref name="target"/>'s name, checking its contract name and method table, for
    /// calls without its generated proxy (<see cref="RompRemoteObject"/>): a generic tool's way in, with <see cref="DescribeAsync"/>.
    /// </summary>
    /// <exception cref="RompException">As for <see cref="ResolveAsync{T}"/>.</exception>
    /// <exception cref="ArgumentException">Two of the description's methods have the same id.</exception>
    /// <exception cref="InvalidOperationException">The connection is not started.</exception>
    public async Task<RompRemoteObject> ResolveAsync(Romp.Description.RompObjectDescription target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ThrowIfNotOpen();
        RompObjectContract contract = UntypedProxy.Contract(target.Contract);
        var proxy = (ProxyBase)await CallAsync(ResolverId, ResolveMethod, new ResolveArgs(target.Name, contract), new ResolvedUntyped(this, contract), cancellationToken).ConfigureAwait(false);
        return new RompRemoteObject(proxy, target);
    }

    /// <summary>
    /// Asks the peer what it offers: the names bound on its side that this side may resolve, each with its contract, and
    /// each method's signature with its parameter and result types. A server answers only with
    /// <see cref="RompServerOptions.EnableDescribe"/> on.
    /// </summary>
    /// <param name="name">Only this name; null for every name.</param>
    /// <param name="cancellationToken">Cancels the wait for the answer.</param>
    /// <exception cref="RompException">
    /// <see cref="RompError.AccessDenied"/> when the peer does not describe itself (the connection stays open);
    /// <see cref="RompError.UnknownObject"/> when <paramref name="name"/> is not bound or this side may not resolve it;
    /// <see cref="RompError.InvalidPartner"/> when the peer is an older Romp that has no describe service.
    /// </exception>
    /// <exception cref="InvalidOperationException">The connection is not started.</exception>
    public async Task<Romp.Description.RompServiceDescription> DescribeAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        ThrowIfNotOpen();
        if (!_peerDescribes)
            throw new RompException(RompError.InvalidPartner, "The peer has no describe service (its hello does not offer it): it runs an older Romp.");
        return await CallAsync(ResolverId, DescribeMethod, new DescribeArgs(name), Romp.Description.ServiceDescriptionFormatter.Instance, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends SYNC: completes when the peer has processed every message this side sent before it, one-way calls and
    /// releases included. This is how a one-way sender knows nothing was lost.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection is not started.</exception>
    public Task SyncAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotOpen();
        return SyncCoreAsync(cancellationToken).AsTask();
    }

    /// <summary>Says goodbye and closes; calls still pending on either side fail with <see cref="RompError.ClosedConnection"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync("The connection was closed.");

    /// <inheritdoc />
    public override string ToString() => $"{_role.ToString().ToLowerInvariant()} connection #{Id}";

    /// <summary>How the connection came to be: what errors call the two sides.</summary>
    internal ConnectionRole Role => _role;

    // ---- opening and closing ----

    private const int Created = 0, Opening = 1, Open = 2;

    /// <summary>
    /// Sets the connection up and starts the read loop: the transport's own setup (TLS), the hellos, then on a server
    /// that authenticates the client's credentials. On failure the transport is closed and the error thrown. With a
    /// <paramref name="refusal"/> the connection only says why it refuses the peer (a GOODBYE after the hellos) and ends.
    /// </summary>
    internal async Task OpenAsync(CancellationToken cancellationToken, RompException? refusal = null)
    {
        if (Interlocked.CompareExchange(ref _state, Opening, Created) != Created)
            throw new InvalidOperationException($"{this} was started before.");
        try
        {
            // One deadline for everything before the first frame.
            using var opening = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
            if (_settings.HandshakeTimeout != Timeout.InfiniteTimeSpan)
                opening.CancelAfter(_settings.HandshakeTimeout);
            try
            {
                await _transport.OpenAsync(opening.Token).ConfigureAwait(false);
                await HandshakeAsync(refusal, opening.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                throw new RompException(RompError.ClosedConnection, "The connection was closed while it was starting.");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new RompException(RompError.Timeout, $"The peer did not complete the handshake (TLS, the Romp hellos and any credentials) within {_settings.HandshakeTimeout.TotalSeconds:0.#} s (HandshakeTimeout).");
            }

            // Closed while the handshake finished: the shutdown has run, or is waiting for this to end, and owns the rest.
            if (Volatile.Read(ref _shutdown) != 0)
                throw new RompException(RompError.ClosedConnection, "The connection was closed while it was starting.");
            Volatile.Write(ref _state, Open);
            Telemetry.Opened();
            _channel.Start();
        }
        catch (RompException error) when (error.Error == RompError.ClosedConnection && Volatile.Read(ref _shutdown) != 0)
        {
            throw;
        }
        catch (Exception error)
        {
            // An orderly close, so that our hello (which names our version) and any GOODBYE still reach the peer. The
            // connection is over: Completion says so, with the reason.
            RompException reason = error as RompException ?? new RompException(RompError.InvalidPartner, "The handshake failed: " + error.Message, error);
            if (await _output.CompleteAsync(reason).ConfigureAwait(false))
                await _transport.DisposeAsync().ConfigureAwait(false);
            else
                _transport.Abort();
            if (Interlocked.Exchange(ref _shutdown, 1) == 0)
            {
                Volatile.Write(ref _closeReason, reason);
                _closed.TrySetResult();
            }

            throw;
        }
        finally
        {
            _openEnded.TrySetResult();
        }
    }

    // The hellos, then what the flags call for: a refusal said or heard, or the credentials step.
    private async Task HandshakeAsync(RompException? refusal, CancellationToken cancellationToken)
    {
        Func<RompAuthenticationContext, ValueTask<ClaimsPrincipal?>>? authenticate = _role == ConnectionRole.Server ? _settings.Authenticate : null;
        // This side always answers PING, whatever its own keepalive setting: the flag promises only that.
        HelloFlags ours = HelloFlags.KeepAlive | HelloFlags.CallHeaders | HelloFlags.Drain | HelloFlags.Describe | HelloFlags.ByteStreams | HelloFlags.FaultDetails | (refusal is not null ? HelloFlags.Refused
            : authenticate is not null ? HelloFlags.AuthenticationRequired
            : HelloFlags.None);
        HelloFlags theirs = await _channel.HandshakeAsync(ours, ClosedDuringHandshake, cancellationToken).ConfigureAwait(false);
        // An older peer would take a header for an unknown method: it is sent none, and deadlines hold on this side only.
        _peerCallHeaders = (theirs & HelloFlags.CallHeaders) != 0;
        _peerUnderstandsDrain = (theirs & HelloFlags.Drain) != 0;
        _peerDescribes = (theirs & HelloFlags.Describe) != 0;
        _byteStreams.PeerAccepts = (theirs & HelloFlags.ByteStreams) != 0;
        _peerReadsFaultDetails = (theirs & HelloFlags.FaultDetails) != 0;

        if (refusal is not null)
        {
            _output.TrySayGoodbye((byte)refusal.Error, refusal.Message);
            throw refusal;
        }

        if ((theirs & HelloFlags.Refused) != 0)
            throw await _channel.ReadRefusalAsync(cancellationToken).ConfigureAwait(false);

        if (authenticate is not null)
        {
            _principal = await AuthenticationExchange.AcceptAsync(_channel, this, authenticate, _logger, cancellationToken).ConfigureAwait(false);
        }
        else if ((theirs & HelloFlags.AuthenticationRequired) != 0)
        {
            if (_settings.Credentials is { } credentials && RemoteCertificate is null)
                Log.CredentialsInClear(_logger, this, credentials.Scheme);
            await AuthenticationExchange.AuthenticateAsync(_channel, _settings.Credentials, cancellationToken).ConfigureAwait(false);
        }
    }

    // Nothing may be written before our hello: a call on a connection not started would corrupt the stream.
    private void ThrowIfNotOpen()
    {
        if (Volatile.Read(ref _state) != Open)
            throw new InvalidOperationException($"{this} is not started: call StartAsync first (AttachAsync does).");
    }

    private RompException ClosedDuringHandshake(bool received, Exception? cause) => (received, _role) switch
    {
        (true, _) => new RompException(RompError.InvalidPartner, "The peer closed the connection in the middle of the Romp handshake.", cause),
        // A TLS server may refuse a client certificate only after the client's side of the TLS handshake has ended: here.
        (false, ConnectionRole.Client) => new RompException(RompError.AccessDenied, _transport.RemoteCertificate is null
            ? "The server closed the connection before the Romp handshake: it may require TLS (tls://), its acceptor or access list refused this client, or it is not a Romp server."
            : "The server closed the connection before the Romp handshake: it may require a client certificate (mutual TLS) it did not get or trust, or its acceptor or access list refused this client.", cause),
        _ => new RompException(RompError.ConnectionBroken, "The peer closed the connection before the Romp handshake.", cause),
    };

    /// <summary>
    /// Orderly close from this side: GOODBYE, then the transport is flushed and closed. The peer's pending calls fail
    /// with <paramref name="reason"/> (<see cref="RompError.ListenerKilled"/> when a server stops).
    /// </summary>
    internal async ValueTask CloseAsync(string message, RompError reason = RompError.ClosedConnection)
    {
        byte code = reason == RompError.ClosedConnection ? GoodbyeBody.Orderly : (byte)reason;
        var closed = new RompException(RompError.ClosedConnection, message);
        Interlocked.CompareExchange(ref _localClose, closed, null);
        if (Volatile.Read(ref _state) == Open && Volatile.Read(ref _shutdown) == 0)
            _output.TrySayGoodbye(code, message);
        await ShutdownAsync(closed, abort: false, fromReadLoop: false).ConfigureAwait(false);
    }

    /// <summary>Tears the connection down at once (protocol violation, broken or stalled transport).</summary>
    internal void Abort(RompException reason) => _ = ShutdownAsync(reason, abort: true, fromReadLoop: false);

    /// <summary>
    /// Tells a peer that understands it that this side is going away (DRAIN, with <paramref name="message"/>), refuses
    /// new calls from the peer, and completes once every call it sent has finished.
    /// </summary>
    internal Task DrainAsync(string message)
    {
        Task drained = _incoming.DrainAsync();
        if (_peerUnderstandsDrain && Volatile.Read(ref _state) == Open
            && _output.TryWrite(FrameType.Drain, 0, new GoodbyeBody((byte)RompError.ListenerKilled, ShortText.Shorten(message, ShortText.MaxGoodbyeLength))))
            _output.Flush();
        return drained;
    }

    private async Task ShutdownAsync(RompException reason, bool abort, bool fromReadLoop)
    {
        if (Interlocked.Exchange(ref _shutdown, 1) != 0)
        {
            if (!fromReadLoop)
                await _closed.Task.ConfigureAwait(false);
            return;
        }

        Volatile.Write(ref _closeReason, reason);
        Log.ConnectionClosed(_logger, this, reason.Error, reason.Message);
        try
        {
            // A handshake in progress owns the pipes: stop it, and let it end, before touching them.
            if (Volatile.Read(ref _state) == Opening)
            {
                _closing.Cancel();
                await EndsWithinAsync(_openEnded.Task, s_readStopTimeout).ConfigureAwait(false);
            }

            // No new frame from here on: waiters wake, and what is already written still leaves below.
            if (abort)
                AbortTransport(reason);
            else
                _output.Close(reason);
            foreach (PendingCall call in CloseOutgoing())
                call.OnFailure(new RompException(reason.Error, reason.Message, reason.InnerException));
            // Before the calls are cancelled: a call reading a byte stream learns why it ended, not only that it was cancelled.
            _byteStreams.Close(reason);
            _incoming.Close();
            _references.Close();

            if (!fromReadLoop)
            {
                _channel.StopReading();
                // A stream that ignores the cancelled read (some do) is given a moment, then broken off.
                if (!await EndsWithinAsync(_channel.ReadLoop, s_readStopTimeout).ConfigureAwait(false))
                {
                    abort = true;
                    AbortTransport(reason);
                    if (!await EndsWithinAsync(_channel.ReadLoop, s_readStopTimeout).ConfigureAwait(false))
                        Log.WriteFailed(_logger, this, new TimeoutException("The read loop did not end after the transport was aborted."));
                }
            }

            if (!abort)
            {
                // The flusher sends what is written (GOODBYE among it) and completes the pipe; if it cannot, in time, the
                // transport is broken off rather than closed, since the pipe may still be in use.
                if (await _output.CompleteAsync(reason).ConfigureAwait(false))
                    await _transport.DisposeAsync().ConfigureAwait(false);
                else
                    AbortTransport(reason);
            }
        }
        catch (Exception error)
        {
            Log.WriteFailed(_logger, this, error);
        }
        finally
        {
            Telemetry.Closed(reason);
            _closed.TrySetResult();
        }
    }

    private void AbortTransport(RompException reason)
    {
        _output.Abandon(reason);
        _transport.Abort();
    }

    private static async Task<bool> EndsWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private List<PendingCall> CloseOutgoing()
    {
        List<PendingCall> calls = _outgoing.Close();
        _incoming.EndAwaitingPeer(calls.Count);
        return calls;
    }

    // ---- calls out: what proxies use ----

    // contract: the called object's, whose method's declared faults an EXCEPTION answer may be; null for the resolver's.
    internal ValueTask<T> CallAsync<TArgs, T>(uint objectId, ushort methodId, in TArgs args, IRompFormatter<T> result, CancellationToken cancellationToken, RompObjectContract? contract = null)
        where TArgs : struct, IRompArgs
    {
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled<T>(cancellationToken);
        Deadline deadline = Deadline.ForOutgoingCall(_settings.DefaultCallTimeout);
        if (deadline.HasPassed)
            return ValueTask.FromException<T>(deadline.TimeoutError(objectId, methodId, isStream: false, Imports.FindContract(objectId)));
        if (_output.IsBacklogged)
            return SendWhenRoomAsync(FrameType.Request, objectId, methodId, args, result, expectsNull: false, deadline, cancellationToken, contract);
        PendingReply<T> reply = PendingReply<T>.Rent(result);
        var body = new CallBody<TArgs>(objectId, methodId, args, HeaderFor(FrameType.Request, in deadline));
        if (!TrySend(reply, FrameType.Request, in body, in deadline, objectId, methodId, cancellationToken, out Exception? error, contract))
            return ValueTask.FromException<T>(error);
        return reply.AsValueTask();
    }

    internal ValueTask CallAsync<TArgs>(uint objectId, ushort methodId, in TArgs args, CancellationToken cancellationToken, RompObjectContract? contract = null)
        where TArgs : struct, IRompArgs =>
        SendWithoutResultAsync(FrameType.Request, objectId, methodId, in args, expectsNull: false, cancellationToken, contract);

    /// <summary>ONEWAY_SYNC: completes when the receiver acknowledges receipt with NULL_MSG.</summary>
    internal ValueTask CallOnewaySyncAsync<TArgs>(uint objectId, ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs =>
        SendWithoutResultAsync(FrameType.OnewaySync, objectId, methodId, in args, expectsNull: true, cancellationToken);

    // A REQUEST for a method without a result (answered by an empty RETVAL), or a ONEWAY_SYNC (answered by NULL_MSG).
    private ValueTask SendWithoutResultAsync<TArgs>(FrameType type, uint objectId, ushort methodId, in TArgs args, bool expectsNull, CancellationToken cancellationToken, RompObjectContract? contract = null)
        where TArgs : struct, IRompArgs
    {
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled(cancellationToken);
        Deadline deadline = Deadline.ForOutgoingCall(_settings.DefaultCallTimeout);
        if (deadline.HasPassed)
            return ValueTask.FromException(deadline.TimeoutError(objectId, methodId, isStream: false, Imports.FindContract(objectId)));
        if (_output.IsBacklogged)
            return new ValueTask(SendWhenRoomAsync(type, objectId, methodId, args, RompVoid.Formatter, expectsNull, deadline, cancellationToken, contract).AsTask());
        PendingReply<RompVoid> reply = PendingReply<RompVoid>.Rent(RompVoid.Formatter, expectsNull);
        var body = new CallBody<TArgs>(objectId, methodId, args, HeaderFor(type, in deadline));
        if (!TrySend(reply, type, in body, in deadline, objectId, methodId, cancellationToken, out Exception? error, contract))
            return ValueTask.FromException(error);
        return reply.AsVoidValueTask();
    }

    // The slow path of a send whose output is backlogged: wait for room first, without blocking a thread.
    private async ValueTask<T> SendWhenRoomAsync<TArgs, T>(FrameType type, uint objectId, ushort methodId, TArgs args, IRompFormatter<T> result, bool expectsNull, Deadline deadline, CancellationToken cancellationToken, RompObjectContract? contract)
        where TArgs : struct, IRompArgs
    {
        await _output.WaitForRoomAsync().ConfigureAwait(false);
        // The wait for room does not watch the deadline; a call whose time ran out meanwhile is not sent.
        if (deadline.HasPassed)
            throw deadline.TimeoutError(objectId, methodId, isStream: false, Imports.FindContract(objectId));
        PendingReply<T> reply = PendingReply<T>.Rent(result, expectsNull);
        var body = new CallBody<TArgs>(objectId, methodId, args, HeaderFor(type, in deadline));
        if (!TrySend(reply, type, in body, in deadline, objectId, methodId, cancellationToken, out Exception? error, contract))
            throw error;
        return await reply.AsValueTask().ConfigureAwait(false);
    }

    private async ValueTask SyncCoreAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _output.WaitForRoomAsync().ConfigureAwait(false);
        _references.WriteQueuedReleases();
        // Read before the SYNC is written: a one-way counted by then was written before it, so the SYNC covers it.
        long covered = Volatile.Read(ref _onewaysSent);
        PendingReply<RompVoid> ack = PendingReply<RompVoid>.Rent(RompVoid.Formatter, expectsNull: true);
        if (!TrySend(ack, FrameType.Sync, new EmptyBody(), default, 0, 0, cancellationToken, out Exception? error))
            throw error;
        await ack.AsVoidValueTask().ConfigureAwait(false);
        // Raised, never lowered: SYNCs in flight together may complete in another order than they read the count.
        long confirmed = Volatile.Read(ref _onewaysConfirmed);
        while (confirmed < covered)
        {
            long seen = Interlocked.CompareExchange(ref _onewaysConfirmed, covered, confirmed);
            if (seen == confirmed)
                break;
            confirmed = seen;
        }
    }

    /// <summary>Sends ONEWAY. A sender that outruns the network blocks, as a blocking socket would.</summary>
    internal void SendOneway<TArgs>(uint objectId, ushort methodId, in TArgs args) where TArgs : struct, IRompArgs
    {
        _output.WaitForRoom();
        _output.Write(FrameType.Oneway, 0, new CallBody<TArgs>(objectId, methodId, args, HeaderFor(FrameType.Oneway, default)));
        CountOneway();
        _output.FlushSoon();
    }

    /// <summary>Sends ONEWAY for a method declared to return a task: a sender that outruns the network waits asynchronously.</summary>
    internal ValueTask SendOnewayAsync<TArgs>(uint objectId, ushort methodId, in TArgs args) where TArgs : struct, IRompArgs
    {
        if (_output.IsBacklogged)
            return SendOnewayWhenRoomAsync(objectId, methodId, args);
        _output.Write(FrameType.Oneway, 0, new CallBody<TArgs>(objectId, methodId, args, HeaderFor(FrameType.Oneway, default)));
        CountOneway();
        _output.FlushSoon();
        return default;
    }

    private async ValueTask SendOnewayWhenRoomAsync<TArgs>(uint objectId, ushort methodId, TArgs args) where TArgs : struct, IRompArgs
    {
        await _output.WaitForRoomAsync().ConfigureAwait(false);
        _output.Write(FrameType.Oneway, 0, new CallBody<TArgs>(objectId, methodId, args, HeaderFor(FrameType.Oneway, default)));
        CountOneway();
        _output.FlushSoon();
    }

    // After the write: a SYNC that reads the count before its own write then covers every one-way counted so far.
    private void CountOneway()
    {
        if (Recoverable is not null)
            Interlocked.Increment(ref _onewaysSent);
    }

    internal void StartStream<T, TArgs>(StreamReceiver<T> receiver, uint objectId, ushort methodId, uint credit, in TArgs args, RompObjectContract? contract)
        where TArgs : struct, IRompArgs
    {
        receiver.Called(contract, objectId, methodId);
        Deadline deadline = Deadline.ForOutgoingCall(_settings.DefaultCallTimeout);
        if (deadline.HasPassed)
            throw deadline.TimeoutError(objectId, methodId, isStream: true, Imports.FindContract(objectId));
        uint callId = Register(receiver);
        if (!deadline.IsNone)
            receiver.AttachDeadline(this, deadline, objectId, methodId);
        try
        {
            _output.Write(FrameType.RequestBlock, callId, new StreamCallBody<TArgs>(objectId, methodId, credit, args, HeaderFor(FrameType.RequestBlock, in deadline)));
        }
        catch
        {
            TryTakeCall(callId, receiver);
            throw;
        }

        _output.Flush();
    }

    /// <summary>Asks the peer's resolver for the object bound as <paramref name="name"/>: a proxy for it, the same one while it lives.</summary>
    internal ValueTask<object> ResolveAsync(string name, RompObjectContract contract, CancellationToken cancellationToken) =>
        CallAsync(ResolverId, ResolveMethod, new ResolveArgs(name, contract), new ResolvedObject(this, contract), cancellationToken);

    /// <summary>Removes a pending call if it is still <paramref name="call"/>: the one who removes it completes it.</summary>
    internal bool TryTakeCall(uint callId, PendingCall call)
    {
        if (!_outgoing.TryTake(callId, call))
            return false;
        _incoming.EndAwaitingPeer();
        return true;
    }

    /// <summary>Puts <paramref name="replacement"/> in the place of a pending call if it is still <paramref name="call"/>.</summary>
    internal bool TryReplaceCall(uint callId, PendingCall call, PendingCall replacement) => _outgoing.TryReplace(callId, call, replacement);

    // Headers go only to a peer that understands them. Only a request or a stream carries its deadline: a one-way call
    // with acknowledgement runs after the acknowledgement, when its caller has stopped waiting, so its deadline stays
    // here. Every kind carries the trace context, while someone listens to Romp's spans.
    private CallHeader HeaderFor(FrameType type, in Deadline deadline)
    {
        if (!_peerCallHeaders)
            return default;
        bool timed = !deadline.IsNone && type is FrameType.Request or FrameType.RequestBlock;
        bool traced = ClientCall.TryGetTraceToSend(out ActivityContext trace);
        if (!traced)
            return timed ? new CallHeader(deadline.RemainingMilliseconds) : default;
        return new CallHeader(timed ? deadline.RemainingMilliseconds : null, hasTrace: true, in trace);
    }

    private bool TrySend<TBody>(PendingCall call, FrameType type, in TBody body, in Deadline deadline, uint objectId, ushort methodId, CancellationToken cancellationToken, [NotNullWhen(false)] out Exception? error, RompObjectContract? contract = null)
        where TBody : struct, IRompArgs
    {
        call.Called(contract, objectId, methodId);
        uint callId;
        try
        {
            callId = Register(call);
        }
        catch (Exception e)
        {
            call.Abandon();
            error = e;
            return false;
        }

        // Linked before the frame can leave: once it is written, another thread's flush may send it and the answer may
        // complete (and recycle) the call before this thread runs again.
        call.AttachCancellation(this, cancellationToken);
        if (!deadline.IsNone)
            call.AttachDeadline(this, deadline, objectId, methodId);
        try
        {
            _output.Write(type, callId, in body);
        }
        catch (Exception e)
        {
            if (TryTakeCall(callId, call))
                call.Abandon();
            error = e;
            return false;
        }

        FlushCall();
        error = null;
        return true;
    }

    // Flush policy: a lone call or answer leaves at once, on this thread; when others are in flight, more frames are
    // coming, and a flush soon on the pool carries them all in one write instead of one system call each.
    private void FlushCall()
    {
        if (_incoming.AwaitedCalls > 1)
            _output.FlushSoon();
        else
            _output.Flush();
    }

    private void FlushAnswer()
    {
        if (_incoming.ConcurrentCalls > 1)
            _output.FlushSoon();
        else
            _output.Flush();
    }

    // Counted as a wait on the peer before the frame can go out, so that its answer never finds the read loop paused.
    private uint Register(PendingCall call)
    {
        uint id = _outgoing.Register(call, CloseReason);
        _incoming.BeginAwaitingPeer();
        return id;
    }

    // ---- answers and control frames: what received calls and streams use ----

    internal void SendResult(uint callId)
    {
        if (_output.TryWrite(FrameType.RetVal, callId, new EmptyBody()))
            FlushAnswer();
    }

    internal void SendResult<T>(uint callId, T value, IRompFormatter<T> formatter)
    {
        if (_output.TryWrite(FrameType.RetVal, callId, new ResultBody<T>(value, formatter)))
            FlushAnswer();
    }

    internal void SendYield<T>(uint callId, ArraySegment<T> items, IRompFormatter<T> formatter)
    {
        if (_output.TryWrite(FrameType.Yield, callId, new YieldBody<T>(items, formatter)))
            FlushAnswer();
    }

    /// <summary>
    /// Answers a call with <paramref name="error"/>: as one of <paramref name="declared"/> (the faults the method
    /// declares) when its type is exactly one of them, as a base library exception when it is on the allow-list, else
    /// as a remote exception with its inner chain; the detail goes only to a peer that reads it.
    /// </summary>
    internal void SendError(uint callId, Exception error, RompFault[]? declared = null) => SendErrorFrame(FrameType.Exception, callId, error, declared);

    /// <summary>An EXCEPTION, or a BYTES_END that says how a byte stream failed: the same payload (docs/protocol.md §3.4).</summary>
    internal void SendErrorFrame(FrameType frameType, uint id, Exception error, RompFault[]? declared = null)
    {
        RompError code = error is RompException romp ? romp.Error : RompError.Remote;
        string type = ExceptionText.TypeOf(error);
        string message = ExceptionText.MessageOf(error);
        bool stackTraces = _settings.IncludeRemoteStackTrace;
        string? stack = stackTraces ? ExceptionText.StackTraceOf(error) : null;
        bool written;
        try
        {
            ErrorDetail? detail = _peerReadsFaultDetails ? ErrorDetail.For(error, code, message, declared, stackTraces) : null;
            written = _output.TryWrite(frameType, id, new ErrorBody(code, type, message, stack, detail));
        }
        catch (Exception unwritable) when (unwritable is not OutOfMemoryException)
        {
            // The caller must get an answer, even when the full one is too large for the peer's frames or a fault's
            // members fail to serialize: a shortened remote error always fits the 1024 bytes every peer accepts.
            string shortMessage = ShortText.Shorten(message);
            ErrorDetail? detail = _peerReadsFaultDetails ? ErrorDetail.Short(error, shortMessage) : null;
            written = _output.TryWrite(frameType, id, new ErrorBody(code, ShortText.Shorten(type), shortMessage, null, detail));
        }

        if (written)
            FlushAnswer();
    }

    internal void SendNull(uint callId)
    {
        if (_output.TryWrite(FrameType.NullMsg, callId, new EmptyBody()))
            _output.Flush();
    }

    internal void SendCancel(uint callId)
    {
        // Nobody reads the streams sent as its arguments any more.
        _byteStreams.EndCall(callId);
        if (_output.TryWrite(FrameType.Cancel, callId, new EmptyBody()))
            _output.Flush();
    }

    internal void SendCredit(uint callId, uint items)
    {
        if (_output.TryWrite(FrameType.Credit, callId, new CreditBody(items)))
            _output.Flush();
    }

    /// <summary>A stream this side produces waits for the peer's CREDIT: the read loop must keep reading meanwhile.</summary>
    internal void BeginWaitingOnPeer() => _incoming.BeginAwaitingPeer();

    internal void EndWaitingOnPeer() => _incoming.EndAwaitingPeer();

    // ---- byte streams: what their formatters use ----

    /// <summary>Sends <paramref name="stream"/> as a byte stream announced in the frame being written (under the output's lock); returns its id.</summary>
    internal uint SendByteStream(Stream stream) => _byteStreams.Send(stream);

    /// <summary>The stream that reads the byte stream <paramref name="id"/> the peer announced; an argument of <paramref name="call"/> lives as long as it.</summary>
    internal Stream ReceiveByteStream(uint id, IncomingCall? call) => _byteStreams.Receive(id, call);

    // ---- references: what formatters and proxies use ----

    /// <summary>Exports <paramref name="target"/> for a reference written into the current frame (under the output's lock).</summary>
    internal uint ExportReference(object target, RompObjectContract contract) => _references.ExportReference(target, contract);

    /// <summary>Queues references to give back, batched into RELEASE frames.</summary>
    internal void QueueRelease(uint objectId, long references) => _references.QueueRelease(objectId, references);

    // ---- received calls: what IncomingCall reports ----

    /// <summary>A received call has read its arguments, or will never read them.</summary>
    internal void OnArgumentsDone(long ticket) => _references.OnArgumentsDone(ticket);

    /// <summary>
    /// A received call failed: answered (or, one-way, logged), unless the call decided that the failure is a protocol
    /// violation that closes the connection (docs/protocol.md §3.11).
    /// </summary>
    internal void OnCallFailed(IncomingCall call, Exception error, bool closesConnection)
    {
        if (closesConnection && error is RompException violation)
        {
            Log.ProtocolViolation(_logger, this, violation.Message);
            _output.TrySayGoodbye((byte)violation.Error, violation.Message);
            // Not an abort: a reset could overtake the GOODBYE that says why.
            _ = ShutdownAsync(violation, abort: false, fromReadLoop: false);
            return;
        }

        string method = call.Export.Contract.GetQualifiedMethodName(call.MethodId);
        if (call.Type is FrameType.Request or FrameType.RequestBlock)
        {
            // What the method threw is the server's to see too; Romp's own refusals and a caller's cancellation are routine.
            Log.CallFailed(_logger, IsRoutine(error) ? LogLevel.Debug : LogLevel.Warning, this, method, error);
            SendError(call.CallId, error, call.Export.Contract.FindFaults(call.MethodId));
        }
        else
        {
            OnewayFailed(call.Export, call.MethodId, error);
        }
    }

    // A one-way call has no answer: its failure is seen only here, in the log (event 5) and in romp.oneways.failed.
    // objectId names the object in the log when no export was found for it.
    private void OnewayFailed(Export? export, ushort methodId, Exception error, uint objectId = 0)
    {
        Log.OnewayFailed(_logger, this, export?.Contract.GetQualifiedMethodName(methodId) ?? $"object #{objectId}", error);
        Telemetry.OnewayFailed(export is null ? RompInstruments.Other : MethodTelemetry.For(export.Contract, methodId).Method, error);
    }

    private static bool IsRoutine(Exception error) => error is RompException { Error: not RompError.Remote } or OperationCanceledException;

    /// <summary>A received call has finished: SYNCs it held up are answered, and the call goes back to its pool.</summary>
    internal void OnIncomingFinished(IncomingCall call)
    {
        if (_incoming.Finish(call) is { } released)
        {
            foreach (uint syncId in released)
                SendNull(syncId);
        }
    }

    // ---- the read loop's frames ----

    private bool OnFrame(in Frame frame)
    {
        if (ConnectionTelemetry.CountsFramesReceived)
            Telemetry.FrameReceived(frame.Type, FrameHeader.Size + frame.Payload.Length);
        switch (frame.Type)
        {
            case FrameType.Request:
            case FrameType.RequestBlock:
            case FrameType.Oneway:
            case FrameType.OnewaySync:
                OnCall(in frame);
                return false;
            case FrameType.RetVal:
            case FrameType.Exception:
            case FrameType.NullMsg:
            case FrameType.Yield:
                OnAnswer(in frame);
                return false;
            case FrameType.Sync:
                RequireCallId(in frame);
                if (_onewayRefusedWhileDraining)
                    return false; // unanswered: the GOODBYE fails it, which is the truth about that one-way
                if (!_incoming.TryWaitSync(frame.CallId))
                    SendNull(frame.CallId);
                return false;
            case FrameType.Cancel:
                if (_incoming.TryFind(frame.CallId, out IncomingCall? cancelled, out int generation))
                    cancelled.RequestCancellation(generation);
                return false;
            case FrameType.Credit:
                OnCredit(in frame);
                return false;
            case FrameType.Goodbye:
                OnGoodbye(in frame);
                return true;
            case FrameType.Discard:
                return false;
            case FrameType.Release:
                _references.OnRelease(in frame);
                return false;
            case FrameType.Ping:
                _channel.KeepAlive.OnPing(in frame);
                return false;
            case FrameType.Pong:
                _channel.KeepAlive.OnPong(in frame);
                return false;
            case FrameType.Drain:
                OnDrain(in frame);
                return false;
            case FrameType.Bytes:
                RequireByteStreams(in frame);
                _byteStreams.OnBytes(in frame);
                return false;
            case FrameType.BytesEnd:
                RequireByteStreams(in frame);
                _byteStreams.OnEnd(in frame);
                return false;
            case FrameType.BytesCredit:
                RequireByteStreams(in frame);
                _byteStreams.OnCredit(in frame);
                return false;
            case FrameType.BytesStop:
                RequireByteStreams(in frame);
                _byteStreams.OnStop(in frame);
                return false;
            default:
                ThrowHelper.ThrowUnknownFrameType((byte)frame.Type);
                return false;
        }
    }

    private void OnCall(in Frame frame)
    {
        FrameType type = frame.Type;
        if (type != FrameType.Oneway)
            RequireCallId(in frame);

        var reader = new RompReader(frame.Payload, this);
        uint objectId = reader.ReadUInt32();
        ushort methodId = reader.ReadUInt16();
        Deadline deadline = default;
        TraceParent trace = default;
        if (methodId > CallHeader.MaxMethodId)
        {
            methodId &= CallHeader.MaxMethodId;
            // The caller's trace context is read only when this side traces what it serves.
            if (CallHeader.Read(ref reader, ServerCall.IsEnabled, out trace) is { } milliseconds)
                deadline = Deadline.After(TimeSpan.FromMilliseconds(milliseconds), DeadlineSource.Caller);
        }

        uint credit = type == FrameType.RequestBlock ? reader.ReadUInt32() : 0;
        ReadOnlySequence<byte> arguments = frame.Payload.Slice(reader.Consumed);

        if (objectId == ResolverId)
        {
            OnResolve(type, frame.CallId, methodId, arguments);
            return;
        }

        Export? export = _references.Exports.Find(objectId);
        RompException? overLimit = export is null ? null : _incoming.OverHardLimit(type);
        if (overLimit is not null && type is FrameType.Oneway or FrameType.OnewaySync)
        {
            // A one-way call has no answer to carry the refusal, and dropping it would be a silent loss: the peer's next
            // SYNC would succeed. The connection goes instead, with a GOODBYE that says why, so its calls fail.
            OnewayFailed(export, methodId, overLimit);
            _output.TrySayGoodbye((byte)overLimit.Error, overLimit.Message);
            throw overLimit; // ends the read loop: nothing after this call is read
        }

        RompException? refusal = export is null
            ? new RompException(RompError.UnknownObject, $"No object with id {objectId} was exported to this connection.")
            : overLimit ?? (_incoming.IsDraining
                ? new RompException(RompError.ClosedConnection, "This side is shutting down and accepts no new calls.")
                : null);
        if (refusal is not null)
        {
            if (export is not null && overLimit is null && type is FrameType.Oneway or FrameType.OnewaySync)
                _onewayRefusedWhileDraining = true;
            RejectCall(type, frame.CallId, refusal, export, objectId, methodId);
            return;
        }

        // ONEWAY_SYNC is acknowledged on receipt, before it runs.
        if (type == FrameType.OnewaySync)
            SendNull(frame.CallId);

        long argumentsTicket = arguments.Length > 0 ? _references.OnArgumentsQueued() : 0;
        _incoming.Admit(this, _channel, type, frame.CallId, export!, methodId, arguments, credit, argumentsTicket, deadline, in trace);
    }

    private void RejectCall(FrameType type, uint callId, RompException error, Export? export, uint objectId, ushort methodId)
    {
        switch (type)
        {
            case FrameType.Request:
            case FrameType.RequestBlock:
                SendError(callId, error);
                break;
            case FrameType.OnewaySync:
                SendNull(callId);
                OnewayFailed(export, methodId, error, objectId);
                break;
            default:
                OnewayFailed(export, methodId, error, objectId);
                break;
        }
    }

    private void OnResolve(FrameType type, uint callId, ushort methodId, ReadOnlySequence<byte> arguments)
    {
        if (type == FrameType.Request && methodId == DescribeMethod)
        {
            OnDescribe(callId, arguments);
            return;
        }

        if (type != FrameType.Request || methodId != ResolveMethod)
            ThrowHelper.ThrowInvalidData($"The resolver (object 0) has no method {methodId} for {type}.");

        var reader = new RompReader(arguments, this);
        string? name = reader.ReadString();
        string? contractName = reader.ReadString();
        if (contractName is null)
            ThrowHelper.ThrowInvalidData("A resolve must name a contract.");
        Export? export = name is not null && _directory.TryResolve(name, out Export found) ? found : null;
        // Versions of one contract share its name: they resolve, and only the methods the caller has and the object
        // lacks (or has with another signature) are named in the answer, for its proxy to refuse (docs/protocol.md §4.2).
        bool sameContract = export is not null && string.Equals(export.Contract.ContractName, contractName, StringComparison.Ordinal);
        MethodGaps? gaps = MethodGaps.Compare(ref reader, sameContract ? export!.Contract : null);
        reader.EnsureEnd();
        if (export is null)
        {
            SendError(callId, new RompException(RompError.UnknownObject, $"No object is bound as '{name}'."));
            return;
        }

        if (!sameContract)
        {
            string asker = _role switch { ConnectionRole.Server => "client", ConnectionRole.Client => "server", _ => "peer" };
            SendError(callId, new RompException(RompError.TypeGuardFailure,
                $"'{name}' is bound to {export.Contract.InterfaceName} (contract '{export.Contract.ContractName}'), not the contract '{contractName}' this {asker} asked for."));
            return;
        }

        // A caller its policy refuses gets no id: it cannot even hold a reference to the object.
        if (export.Policy is not null && CheckPolicy(export, RompCallContext.ForConnection(this)) is { } refused)
        {
            SendError(callId, refused);
            return;
        }

        uint id;
        try
        {
            id = _references.Exports.Add(export);
        }
        catch (RompException full) when (full.Error == RompError.UnexportableObject)
        {
            SendError(callId, full);
            return;
        }

        if (_output.TryWrite(FrameType.RetVal, callId, new ResolvedBody(id, gaps)))
            _output.Flush();
    }

    // The describe service: what this side offers the caller, by the rules a resolve applies. A name whose policy refuses
    // the caller is left out, as if it were not bound. Built on the read loop, as a resolve is answered there; each
    // contract's description is built once, on the first describe.
    private void OnDescribe(uint callId, ReadOnlySequence<byte> arguments)
    {
        var reader = new RompReader(arguments, this);
        string? only = reader.ReadString();
        reader.EnsureEnd();
        if (!_settings.EnableDescribe)
        {
            SendError(callId, new RompException(RompError.AccessDenied, "This server does not describe itself: RompServerOptions.EnableDescribe is off."));
            return;
        }

        RompCallContext context = RompCallContext.ForConnection(this);
        var objects = new List<Romp.Description.RompObjectDescription>();
        foreach (KeyValuePair<string, Export> bound in _directory.SnapshotNames())
        {
            if ((only is null || bound.Key == only) && (bound.Value.Policy is null || AllowsQuietly(bound.Value, context)))
                objects.Add(new Romp.Description.RompObjectDescription(bound.Key, bound.Value.Contract.Describe()));
        }

        if (only is not null && objects.Count == 0)
        {
            SendError(callId, new RompException(RompError.UnknownObject, $"No object is bound as '{only}'."));
            return;
        }

        try
        {
            SendResult(callId, new Romp.Description.RompServiceDescription([.. objects]), Romp.Description.ServiceDescriptionFormatter.Instance);
        }
        catch (RompException tooLarge) when (tooLarge.Error == RompError.SendFailed)
        {
            SendError(callId, new RompException(RompError.SendFailed, "The description is larger than the caller's MaxFrameSize; describe one name at a time."));
        }
    }

    private bool AllowsQuietly(Export export, RompCallContext context)
    {
        try
        {
            return export.Policy!.Allows(context);
        }
        catch (Exception error)
        {
            Log.PolicyFailed(_logger, this, export.Contract.InterfaceName, error);
            return false;
        }
    }

    /// <summary>
    /// Null when <paramref name="export"/>'s policy lets the caller in; otherwise the <see cref="RompError.AccessDenied"/>
    /// to answer with. The caller learns only that it was refused; the log says by what.
    /// </summary>
    internal RompException? CheckPolicy(Export export, RompCallContext context)
    {
        RompPolicy policy = export.Policy!;
        try
        {
            if (policy.Allows(context))
                return null;
            Log.PolicyRefused(_logger, this, export.Contract.InterfaceName, Principal.Identity?.Name ?? "anonymous", policy.Description);
        }
        catch (Exception error)
        {
            Log.PolicyFailed(_logger, this, export.Contract.InterfaceName, error);
        }

        return new RompException(RompError.AccessDenied, $"The caller may not use this {export.Contract.InterfaceName}.");
    }

    private void OnAnswer(in Frame frame)
    {
        bool isYield = frame.Type == FrameType.Yield;
        if (!_outgoing.TryFindAnswered(frame.CallId, isYield, out PendingCall? call, out bool removed))
            return; // cancelled or timed out on this side: the late answer has nobody to go to.
        if (removed)
        {
            _incoming.EndAwaitingPeer();
            // The call is over: streams sent as its arguments are not read any more.
            _byteStreams.EndCall(frame.CallId);
        }

        var reader = new RompReader(frame.Payload, this);
        try
        {
            switch (frame.Type)
            {
                case FrameType.RetVal:
                    call.OnReturn(ref reader);
                    break;
                case FrameType.NullMsg:
                    reader.EnsureEnd();
                    call.OnNull();
                    break;
                case FrameType.Yield:
                    call.OnYield(ref reader);
                    break;
                default:
                    Exception error = ReadError(ref reader, call.Contract?.FindFaults(call.MethodId), $"call {frame.CallId}");
                    call.OnError(error is RompException { Error: RompError.UnknownMethod } unknown ? NameUnknownMethod(call, unknown) : error);
                    break;
            }
        }
        catch (Exception error)
        {
            // The answer violates the protocol (a kind its call does not expect, a stream past its window, a malformed
            // EXCEPTION): the caller learns why, and the connection goes. A result or item that merely cannot be decoded
            // fails its own call in OnReturn or OnYield instead. The call is already out of the table: fail it here.
            RompException malformed = error as RompException is { Error: RompError.InvalidMessage } invalid
                ? invalid
                : new RompException(RompError.InvalidMessage, $"The answer to call {frame.CallId} could not be read: {error.Message}", error);
            call.OnFailure(malformed);
            throw malformed;
        }

        if (removed && call.DeferredCompletion is { } completion)
            _channel.Dispatch(completion);
    }

    // The peer knows the method only by its id; this side, which called it, can say which method it is.
    private RompException NameUnknownMethod(PendingCall call, RompException error) =>
        call.ObjectId != ResolverId && Imports.FindContract(call.ObjectId) is { } contract && contract.IndexOf(call.MethodId) >= 0
            ? MissingMethod.Error(this, contract, call.MethodId, MethodGaps.Missing)
            : error;

    // The four fields are the frame's own: malformed, they are a violation. The detail after them only this call's (or
    // byte stream's): a detail this side cannot read (a fault's members among it) fails the call, and the connection goes on.
    // A byte stream's failure declares no faults, so only base library and remote exceptions come back as themselves.
    internal Exception ReadError(ref RompReader reader, RompFault[]? declared, string answering)
    {
        byte code = reader.ReadByte();
        string type = reader.ReadString() ?? "";
        string message = reader.ReadString() ?? "";
        string? stack = reader.ReadString();
        if (code > (byte)RompError.UnknownMethod)
            ThrowHelper.ThrowInvalidData($"Unknown error code {code}.");
        var error = (RompError)code;
        if (reader.Remaining == 0)
            return error == RompError.Remote ? new RemoteException(type, message, stack) : new RompException(error, message);

        try
        {
            return ErrorDetail.Read(ref reader, error, type, message, stack, declared, this);
        }
        catch (Exception unreadable) when (unreadable is not OutOfMemoryException)
        {
            return new RompException(RompError.InvalidMessage,
                $"The error answering {answering} ({type}: {message}) could not be read: {unreadable.Message}", unreadable);
        }
    }

    private void OnCredit(in Frame frame)
    {
        var reader = new RompReader(frame.Payload, this);
        uint items = reader.ReadUInt32();
        reader.EnsureEnd();
        if (_incoming.TryFind(frame.CallId, out IncomingCall? call, out int generation))
            call.AddCredit(items, generation);
    }

    private void OnDrain(in Frame frame)
    {
        var reader = new RompReader(frame.Payload, this);
        RompException reason = GoodbyeBody.Read(ref reader, "The peer is going away.");
        if (Interlocked.CompareExchange(ref _peerDraining, reason, null) is null)
            _peerDrainingNotice.TrySetResult();
    }

    private void OnGoodbye(in Frame frame)
    {
        var reader = new RompReader(frame.Payload, this);
        _peerGoodbye = GoodbyeBody.Read(ref reader, "The peer closed the connection.");
    }

    // This side announces byte streams, but a peer that did not cannot have been sent one: to an older peer the four
    // frames are unknown types, and from one they are as invalid as an unknown type.
    private void RequireByteStreams(in Frame frame)
    {
        if (!_byteStreams.PeerAccepts)
            ThrowHelper.ThrowUnknownFrameType((byte)frame.Type);
        if (frame.CallId == 0)
            ThrowHelper.ThrowInvalidData($"A {frame.Type} frame needs the id of its byte stream.");
    }

    private static void RequireCallId(in Frame frame)
    {
        if (frame.CallId == 0)
            ThrowHelper.ThrowInvalidData($"A {frame.Type} frame needs a call id.");
    }

    // The read loop ends here whatever ended it: the peer's GOODBYE, end of stream, or a protocol violation. On a busy
    // machine the peer may answer this side's GOODBYE by closing before this side's own shutdown has begun: the close is
    // still this side's, and orderly.
    private void OnReadLoopEnded(RompException? failure) =>
        _ = ShutdownAsync(Volatile.Read(ref _localClose) ?? failure ?? _peerGoodbye ?? new RompException(RompError.ClosedConnection, "The peer closed the connection."), abort: false, fromReadLoop: true);

    /// <summary>The read loop's view of this connection: frames go to the session, admission questions to the scheduler.</summary>
    private sealed class FrameHandler(RompConnection connection) : IFrameHandler
    {
        public bool AdmissionLimited => connection._incoming.AdmissionLimited;

        public bool AwaitingPeer => connection._incoming.AwaitingPeer;

        public bool MustWait(FrameType type) => connection._incoming.MustWait(type);

        public ValueTask WaitForRoomAsync(FrameType type) => connection._incoming.WaitForRoomAsync(type);

        public bool OnFrame(in Frame frame) => connection.OnFrame(in frame);

        public void OnReadLoopEnded(RompException? failure) => connection.OnReadLoopEnded(failure);
    }

    /// <summary>
    /// Reads the resolver's answer (an object id, which counts as a reference sent, and the methods the object lacks)
    /// straight into a proxy, so that the reference is counted here even when the answer arrives after the resolve was
    /// cancelled.
    /// </summary>
    private sealed class ResolvedObject(RompConnection connection, RompObjectContract contract) : IRompFormatter<object>
    {
        public void Write(ref RompWriter writer, object value) => throw new NotSupportedException("Only the resolver writes object ids.");

        public object Read(ref RompReader reader)
        {
            var proxy = (ProxyBase)connection._references.Imports.GetOrAdd(reader.ReadUInt32(), contract);
            proxy.Handle.Gaps = MethodGaps.Read(ref reader);
            return proxy;
        }
    }

    /// <summary>
    /// Reads the resolver's answer into a proxy of its own, outside the import table: an untyped proxy has no identity to
    /// share with a typed one for the same object, and the references each holds are given back separately.
    /// </summary>
    private sealed class ResolvedUntyped(RompConnection connection, RompObjectContract contract) : IRompFormatter<object>
    {
        public void Write(ref RompWriter writer, object value) => throw new NotSupportedException("Only the resolver writes object ids.");

        public object Read(ref RompReader reader)
        {
            ProxyBase proxy = connection._references.Imports.AddScoped(reader.ReadUInt32(), contract);
            proxy.Handle.Gaps = MethodGaps.Read(ref reader);
            return proxy;
        }
    }

    /// <summary>The resolver's answer: the object id, then the methods of the caller's table the object lacks.</summary>
    private readonly struct ResolvedBody(uint objectId, MethodGaps? gaps) : IRompArgs
    {
        public void Write(ref RompWriter writer)
        {
            writer.WriteUInt32(objectId);
            MethodGaps.Write(ref writer, gaps);
        }
    }

    private readonly struct DescribeArgs(string? name) : IRompArgs
    {
        public void Write(ref RompWriter writer) => writer.WriteString(name);
    }

    /// <summary>A resolve: the name, the contract's name, and this side's method table of it (docs/protocol.md §4.2).</summary>
    private readonly struct ResolveArgs(string name, RompObjectContract contract) : IRompArgs
    {
        public void Write(ref RompWriter writer)
        {
            writer.WriteString(name);
            writer.WriteString(contract.ContractName);
            MethodGaps.WriteTable(ref writer, contract);
        }
    }
}
