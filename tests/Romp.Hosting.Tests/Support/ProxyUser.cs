using Romp.Hosting.Tests.Contracts;

namespace Romp.Hosting.Tests.Support;

/// <summary>An application service that takes the injected proxy in its constructor.</summary>
internal sealed class ProxyUser
{
    public ProxyUser(ICalculator calc) => Calc = calc;

    public ICalculator Calc { get; }
}
