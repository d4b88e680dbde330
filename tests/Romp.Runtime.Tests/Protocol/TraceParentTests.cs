using System.Buffers;
using System.Diagnostics;
using Romp.CompilerServices;
using Romp.Protocol;
using Romp.Tests.Support;

namespace Romp.Tests.Protocol;

/// <summary>Trace context in the call header (docs/protocol.md §4.1, tags 2 and 3): its bytes, and what a reader keeps or ignores.</summary>
public sealed class TraceParentTests
{
    private static readonly ActivityContext s_context = new(
        ActivityTraceId.CreateFromString("4bf92f3577b34da6a3ce929d0e0e4736"),
        ActivitySpanId.CreateFromString("00f067aa0ba902b7"),
        ActivityTraceFlags.Recorded,
        "rojo=00f067aa0ba902b7");

    [Test]
    public void Write_TraceWithoutDeadline_IsTag2ThenTag3()
    {
        byte[] bytes = Written(new CallHeader(null, hasTrace: true, s_context), methodId: 1);

        Assert.That(Convert.ToHexString(bytes), Is.EqualTo(
            "0180" + "3300"                                                     // method 1 with a header of 51 bytes
            + "021A" + "00" + "4BF92F3577B34DA6A3CE929D0E0E4736" + "00F067AA0BA902B7" + "01" // tag 2: version 0, trace id, span id, sampled
            + "0315" + Convert.ToHexString("rojo=00f067aa0ba902b7"u8)));       // tag 3: the tracestate
    }

    [Test]
    public void Read_WhatWriteWrote_ReturnsTheContextOnEverySplit()
    {
        byte[] bytes = [.. Written(new CallHeader(1500, hasTrace: true, s_context), methodId: 1)[2..], 0x2A];
        foreach (ReadOnlySequence<byte> input in new[] { new ReadOnlySequence<byte>(bytes), Segments.Split(bytes) })
        {
            var reader = new RompReader(input);
            uint? deadline = CallHeader.Read(ref reader, keepTrace: true, out TraceParent trace);

            Assert.That(deadline, Is.EqualTo(1500u));
            Assert.That(trace.IsPresent, Is.True);
            ActivityContext context = trace.ToActivityContext();
            Assert.That((context.TraceId, context.SpanId, context.TraceFlags, context.TraceState, context.IsRemote),
                Is.EqualTo((s_context.TraceId, s_context.SpanId, ActivityTraceFlags.Recorded, s_context.TraceState, true)));
            Assert.That(reader.ReadByte(), Is.EqualTo(0x2A), "the arguments after the header are left alone");
        }
    }

    [Test]
    public void Read_NotKeepingTrace_SkipsItAndReturnsTheDeadline()
    {
        byte[] bytes = Written(new CallHeader(1500, hasTrace: true, s_context), methodId: 1)[2..];
        var reader = new RompReader(new ReadOnlySequence<byte>(bytes));

        Assert.That(CallHeader.Read(ref reader, keepTrace: false, out TraceParent trace), Is.EqualTo(1500u));
        Assert.That(trace.IsPresent, Is.False);
        reader.EnsureEnd();
    }

    [Test]
    public void Read_EveryTruncationOfATracedHeader_IsInvalidMessage()
    {
        byte[] header = Written(new CallHeader(null, hasTrace: true, s_context), methodId: 1)[2..];
        for (int cut = 0; cut < header.Length; cut++)
        {
            RompException? error = Assert.Throws<RompException>(() =>
            {
                var reader = new RompReader(new ReadOnlySequence<byte>(header, 0, cut));
                CallHeader.Read(ref reader, keepTrace: true, out _);
            }, $"cut at {cut}");
            Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage), "the header's own structure is still checked");
        }
    }

    [TestCase("", TestName = "TryParse_Empty_IsNotATraceContext")]
    [TestCase("00" + "4bf92f3577b34da6a3ce929d0e0e4736" + "00f067aa0ba902b7", TestName = "TryParse_WithoutFlags_IsNotATraceContext")]
    [TestCase("00" + "4bf92f3577b34da6a3ce929d0e0e4736" + "00f067aa0ba902b7" + "01" + "00", TestName = "TryParse_Version0WithMoreBytes_IsNotATraceContext")]
    [TestCase("ff" + "4bf92f3577b34da6a3ce929d0e0e4736" + "00f067aa0ba902b7" + "01", TestName = "TryParse_VersionFF_IsNotATraceContext")]
    [TestCase("00" + "00000000000000000000000000000000" + "00f067aa0ba902b7" + "01", TestName = "TryParse_ZeroTraceId_IsNotATraceContext")]
    [TestCase("00" + "4bf92f3577b34da6a3ce929d0e0e4736" + "0000000000000000" + "01", TestName = "TryParse_ZeroSpanId_IsNotATraceContext")]
    public void TryParse_Invalid_IsNotATraceContext(string hex)
    {
        Assert.That(TraceParent.TryParse(Convert.FromHexString(hex), out TraceParent trace), Is.False);
        Assert.That(trace.IsPresent, Is.False);
    }

    [Test]
    public void TryParse_LaterVersionWithMoreBytes_ReadsTheFirst26()
    {
        byte[] value = Convert.FromHexString("01" + "4bf92f3577b34da6a3ce929d0e0e4736" + "00f067aa0ba902b7" + "01" + "ABCDEF");

        Assert.That(TraceParent.TryParse(value, out TraceParent trace), Is.True);
        Assert.That(trace.ToActivityContext().SpanId, Is.EqualTo(s_context.SpanId));
    }

    [TestCase("", 0)]
    [TestCase("a=1", 3)]
    [TestCase("a=1, ", 3)]
    [TestCase("a=\u00e9", 0)]
    [TestCase("a=1\n", 0)]
    public void StateLength_ShortState_IsAllOfItWhenPrintableAscii(string state, int expected) =>
        Assert.That(TraceParent.StateLength(state), Is.EqualTo(expected));

    [Test]
    public void StateLength_LongerThan255_DropsMembersFromTheEnd()
    {
        string first = "a=" + new string('x', 200);
        string second = "b=" + new string('y', 40);
        string third = "c=" + new string('z', 40);

        Assert.That(TraceParent.StateLength($"{first},{second},{third}"), Is.EqualTo(first.Length + 1 + second.Length));
        Assert.That(TraceParent.StateLength("a=" + new string('x', 300)), Is.Zero, "a first member too long for the entry: none");
    }

    [Test]
    public void Write_LongState_SendsTheMembersThatFit()
    {
        string state = "a=" + new string('x', 250) + ",b=1";
        var context = new ActivityContext(s_context.TraceId, s_context.SpanId, ActivityTraceFlags.None, state);

        byte[] bytes = Written(new CallHeader(null, hasTrace: true, context), methodId: 1)[2..];
        var reader = new RompReader(new ReadOnlySequence<byte>(bytes));
        CallHeader.Read(ref reader, keepTrace: true, out TraceParent trace);

        Assert.That(trace.TraceState, Is.EqualTo("a=" + new string('x', 250)));
        Assert.That(trace.Flags, Is.Zero);
    }

    [Test]
    public void Request_WithTraceContext_IsTheProtocolExampleByteForByte()
    {
        var output = new StrictBufferWriter();
        var context = new ActivityContext(s_context.TraceId, s_context.SpanId, ActivityTraceFlags.Recorded);

        FrameWriter.Write(output, FrameType.Request, 4, new CallBody<AddArgs>(1, 1, new AddArgs(2, 40), new CallHeader(null, hasTrace: true, context)), 1 << 24, connection: null);

        // docs/protocol.md §4.1, the second example.
        Assert.That(Convert.ToHexString(output.Committed), Is.EqualTo(
            "2C0000000104000000" + "01000000" + "0180" + "1C00" + "021A" + "00" + "4BF92F3577B34DA6A3CE929D0E0E4736" + "00F067AA0BA902B7" + "01" + "0200000028000000"));
    }

    private readonly struct AddArgs(int a, int b) : IRompArgs
    {
        public void Write(ref RompWriter writer)
        {
            writer.WriteInt32(a);
            writer.WriteInt32(b);
        }
    }

    private static byte[] Written(CallHeader header, ushort methodId)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RompWriter(output, null);
        header.Write(ref writer, methodId);
        writer.Commit();
        return output.WrittenSpan.ToArray();
    }
}
