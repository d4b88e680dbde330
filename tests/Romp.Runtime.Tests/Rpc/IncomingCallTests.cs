using Romp.CompilerServices;
using Romp.Rpc;

namespace Romp.Tests.Rpc;

/// <summary>A pooled call must not be reached by actions meant for its previous use.</summary>
public sealed class IncomingCallTests
{
    [Test]
    public void RequestCancellation_StaleGeneration_DoesNotTouchTheNextUse()
    {
        var call = new IncomingCall();
        int previousUse = call.Generation;
        call.Reset();

        call.RequestCancellation(previousUse);

        Assert.That(call.CancellationToken.IsCancellationRequested, Is.False);
    }

    [Test]
    public void RequestCancellation_CurrentGeneration_CancelsTheToken()
    {
        var call = new IncomingCall();
        CancellationToken token = call.CancellationToken;

        call.RequestCancellation(call.Generation);

        Assert.That(token.IsCancellationRequested, Is.True);
    }

    [Test]
    public void Reset_AfterCancellation_NextUseGetsAFreshToken()
    {
        var call = new IncomingCall();
        CancellationToken first = call.CancellationToken;
        call.RequestCancellation(call.Generation);

        call.Reset();

        Assert.That(first.IsCancellationRequested, Is.True);
        Assert.That(call.CancellationToken.IsCancellationRequested, Is.False);
    }
}
