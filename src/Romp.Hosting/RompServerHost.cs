using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Romp.Hosting;

/// <summary>
/// Runs the host's <see cref="RompServer"/>: binds the registered objects and listens when the host starts, and stops
/// gracefully (DRAIN, the calls in flight finish) when it stops, for as long as the host's shutdown timeout allows.
/// </summary>
internal sealed class RompServerHost : IHostedService
{
    private readonly IServiceProvider _services;

    // Guarded by _gate: the status and why it failed, which the health check reads.
    private readonly object _gate = new();
    private RompServerStatus _status = RompServerStatus.NotStarted;
    private Exception? _failure;
    private RompServer? _server;

    public RompServerHost(IServiceProvider services) => _services = services;

    /// <summary>The server, once the host has made it.</summary>
    public RompServer? Server
    {
        get
        {
            lock (_gate)
                return _server;
        }
    }

    /// <summary>The status, with the exception that failed the start.</summary>
    public (RompServerStatus Status, Exception? Failure) Status
    {
        get
        {
            lock (_gate)
                return (_status, _failure);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            RompServer server = _services.GetRequiredService<RompServer>();
            lock (_gate)
                _server = server;
            foreach (RompServerBinding binding in _services.GetServices<RompServerBinding>())
                binding.Apply(_services, server);
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            SetStatus(RompServerStatus.Failed, error);
            throw;
        }

        SetStatus(RompServerStatus.Listening, null);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        RompServer? server;
        lock (_gate)
        {
            if (_status != RompServerStatus.Listening)
                return;
            _status = RompServerStatus.Stopping;
            server = _server;
        }

        // The host's token fires at its shutdown timeout: calls still running then are cancelled.
        await server!.StopAsync(cancellationToken).ConfigureAwait(false);
        SetStatus(RompServerStatus.Stopped, null);
    }

    private void SetStatus(RompServerStatus status, Exception? failure)
    {
        lock (_gate)
        {
            _status = status;
            _failure = failure;
        }
    }
}
