using Microsoft.Extensions.Logging;

namespace Hosted;

/// <summary>The server's object, made by the server host's container: its constructor takes the host's services.</summary>
public sealed partial class Calculator : ICalculator
{
    private readonly CallCounter _counter;
    private readonly ILogger<Calculator> _logger;

    public Calculator(CallCounter counter, ILogger<Calculator> logger)
    {
        _counter = counter;
        _logger = logger;
    }

    public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default)
    {
        _counter.Count();
        LogAdding(a, b);
        return new(a + b);
    }

    public ValueTask<int> DivideAsync(int a, int b, CancellationToken cancellationToken = default)
    {
        _counter.Count();
        return new(a / b);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "adding {A} and {B}")]
    private partial void LogAdding(int a, int b);
}
