using System.Buffers;
using Romp.Protocol;
using Romp.Tests.Support;

namespace Romp.Tests.Protocol;

public sealed class HandshakeTests
{
    [Test]
    public void TryRead_ValidHello_ReadsPeerLimitAndConsumesTwelveBytes()
    {
        byte[] bytes = [.. RawPeer.Hello(maxFrameSize: 65536), 0xAA];
        foreach (ReadOnlySequence<byte> input in new[] { new ReadOnlySequence<byte>(bytes), Segments.Split(bytes) })
        {
            ReadOnlySequence<byte> buffer = input;
            Assert.That(Handshake.TryRead(ref buffer, out int max), Is.True);
            Assert.That(max, Is.EqualTo(65536));
            Assert.That(buffer.Length, Is.EqualTo(1));
        }
    }

    [Test]
    public void TryRead_PartialValidHello_WaitsForMore()
    {
        byte[] hello = RawPeer.Hello();
        for (int cut = 0; cut < hello.Length; cut++)
        {
            var buffer = new ReadOnlySequence<byte>(hello, 0, cut);
            Assert.That(Handshake.TryRead(ref buffer, out _), Is.False, $"cut at {cut}");
        }
    }

    [Test]
    public void TryRead_FirstByteWrong_RefusedImmediately()
    {
        var buffer = new ReadOnlySequence<byte>("G"u8.ToArray());

        RompException? error = Assert.Throws<RompException>(() => Handshake.TryRead(ref buffer, out _));

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidPartner));
    }

    [TestCase((byte)21, TestName = "TryRead_TlsAlert_RefusedSayingThePeerSpeaksTls")]
    [TestCase((byte)22, TestName = "TryRead_TlsClientHello_RefusedSayingThePeerSpeaksTls")]
    public void TryRead_TlsRecord_RefusedSayingThePeerSpeaksTls(byte recordType)
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { recordType, 3, 1 });

        RompException? error = Assert.Throws<RompException>(() => Handshake.TryRead(ref buffer, out _));

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidPartner));
        Assert.That(error.Message, Does.Contain("speaks TLS"));
    }

    [Test]
    public void TryRead_OtherVersion_RefusedWithBothVersionsNamed()
    {
        var buffer = new ReadOnlySequence<byte>(RawPeer.Hello(version: 2));

        RompException? error = Assert.Throws<RompException>(() => Handshake.TryRead(ref buffer, out _));

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidPartner));
        Assert.That(error.Message, Does.Contain("version 2").And.Contain("version 1"));
    }

    [Test]
    public void TryRead_TinyFrameLimit_Refused()
    {
        var buffer = new ReadOnlySequence<byte>(RawPeer.Hello(maxFrameSize: 10));

        Assert.That(Assert.Throws<RompException>(() => Handshake.TryRead(ref buffer, out _))!.Error, Is.EqualTo(RompError.InvalidMessage));
    }
}
