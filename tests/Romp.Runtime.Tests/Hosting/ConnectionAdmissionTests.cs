using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Romp.Hosting;
using Romp.Tests.Support;
using Romp.Transport;

namespace Romp.Tests.Hosting;

/// <summary>The server's admission alone: the order of its checks and the counts MaxConnections and the refusals keep.</summary>
[TestFixture]
public sealed class ConnectionAdmissionTests
{
    private static readonly IPEndPoint s_loopback = new(IPAddress.Loopback, 5000);
    private static readonly IPEndPoint s_other = new(IPAddress.Parse("192.0.2.7"), 5000);

    [Test]
    public void Admit_PastMaxConnections_TellsWhyUntilTooManyRefusals_ThenClosesQuietly()
    {
        var admission = new ConnectionAdmission(new RompServerOptions { MaxConnections = 1 }, NullLogger.Instance);

        Assert.That(admission.Admit(Peer(s_loopback), out _), Is.EqualTo(AdmissionVerdict.Admitted));
        for (int i = 0; i < ConnectionAdmission.MaxRefusalsInFlight; i++)
        {
            Assert.That(admission.Admit(Peer(s_loopback), out RompException? full), Is.EqualTo(AdmissionVerdict.TellWhy));
            Assert.That(full!.Message, Does.Contain("MaxConnections"));
        }

        Assert.That(admission.Admit(Peer(s_loopback), out RompException? flood), Is.EqualTo(AdmissionVerdict.Closed));
        Assert.That(flood!.Error, Is.EqualTo(RompError.AccessDenied));
        admission.EndRefusal();
        Assert.That(admission.Admit(Peer(s_loopback), out _), Is.EqualTo(AdmissionVerdict.TellWhy), "one refusal ended: room to say why again");
        admission.Leave();
        Assert.That(admission.Admit(Peer(s_loopback), out _), Is.EqualTo(AdmissionVerdict.Admitted), "the connection left: its slot is free");
    }

    [Test]
    public void Admit_AclAndAcceptorRefusals_TakeNoSlot_AndComeInThatOrder()
    {
        var asked = new List<EndPoint?>();
        var admission = new ConnectionAdmission(new RompServerOptions
        {
            MaxConnections = 1,
            Acl = new RompAcl("deny", "all", "allow", "127.0.0.1"),
            Acceptor = remote =>
            {
                asked.Add(remote);
                return false;
            },
        }, NullLogger.Instance);

        Assert.That(admission.Admit(Peer(s_other), out RompException? byAcl), Is.EqualTo(AdmissionVerdict.Closed));
        Assert.That(asked, Is.Empty, "the ACL refused it before the acceptor was asked");
        Assert.That(admission.Admit(Peer(s_loopback), out RompException? byAcceptor), Is.EqualTo(AdmissionVerdict.Closed));

        Assert.That(byAcl!.Message, Does.Contain("access control list"));
        Assert.That(byAcceptor!.Message, Does.Contain("acceptor"));
        var open = new ConnectionAdmission(new RompServerOptions { MaxConnections = 1 }, NullLogger.Instance);
        Assert.That(open.Admit(Peer(s_loopback), out _), Is.EqualTo(AdmissionVerdict.Admitted));
    }

    [Test]
    public void Admit_AcceptorThrows_Refused()
    {
        var admission = new ConnectionAdmission(new RompServerOptions { Acceptor = static _ => throw new InvalidOperationException("bug") }, NullLogger.Instance);

        Assert.That(admission.Admit(Peer(s_loopback), out RompException? refused), Is.EqualTo(AdmissionVerdict.Closed));
        Assert.That(refused!.Error, Is.EqualTo(RompError.AccessDenied));
    }

    private static RompTransportConnection Peer(EndPoint remote)
    {
        (System.IO.Pipelines.IDuplexPipe pipe, _) = DuplexPipes.CreatePair();
        return RompTransportConnection.FromPipe(pipe, remote);
    }
}
