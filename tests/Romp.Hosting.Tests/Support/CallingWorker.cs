using Microsoft.Extensions.Hosting;
using Romp.Hosting.Tests.Contracts;

namespace Romp.Hosting.Tests.Support;

/// <summary>
/// A hosted service made before the host starts (so before any client has connected) that calls its proxy when it
/// starts and once more while it stops.
/// </summary>
internal sealed class CallingWorker : IHostedService
{
    private readonly ICalculator _calc;

    public CallingWorker(ICalculator calc) => _calc = calc;

    public int? AtStart { get; private set; }

    public int? AtStop { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken) => AtStart = await _calc.AddAsync(1, 2, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => AtStop = await _calc.AddAsync(3, 4, cancellationToken);
}
