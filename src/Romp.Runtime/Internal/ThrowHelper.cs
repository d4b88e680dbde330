using System.Diagnostics.CodeAnalysis;

namespace Romp.Internal;

/// <summary>Throw sites kept out of line so that the hot paths that call them stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowTruncated() =>
        throw new RompException(RompError.InvalidMessage, "The payload ended before the value it describes.");

    [DoesNotReturn]
    public static void ThrowInvalidLength(long length, long available) =>
        throw new RompException(RompError.InvalidMessage, $"A length of {length} does not fit the {available} bytes that remain in the payload.");

    [DoesNotReturn]
    public static void ThrowInvalidData(string what) =>
        throw new RompException(RompError.InvalidMessage, what);

    /// <summary>A violation that closes the connection even when found inside a call's payload.</summary>
    [DoesNotReturn]
    public static void ThrowViolation(string what) =>
        throw new ProtocolViolationException(what);

    [DoesNotReturn]
    public static void ThrowTooDeep(int maxDepth) =>
        throw new RompException(RompError.UnsupportedType, $"The value is nested more than {maxDepth} levels deep (is the object graph cyclic?).");

    [DoesNotReturn]
    public static void ThrowFrameTooLarge(long length, int max) =>
        throw new RompException(RompError.InvalidMessage, $"A frame of {length} bytes exceeds the limit of {max} bytes.");

    [DoesNotReturn]
    public static void ThrowUnknownFrameType(byte type) =>
        throw new RompException(RompError.InvalidMessage, $"Unknown frame type {type}.");

    [DoesNotReturn]
    public static void ThrowClosed(RompException? reason)
    {
        throw reason is null
            ? new RompException(RompError.ClosedConnection, "The connection is closed.")
            : new RompException(reason.Error, reason.Message, reason);
    }

    [DoesNotReturn]
    public static void ThrowNestedWrite() =>
        throw new InvalidOperationException("A value's formatter (or a lazy collection it enumerates) made a remote call while its own message was being written; compute the value before the call.");

    [DoesNotReturn]
    public static void ThrowNotRompObject(Type type) =>
        throw new RompException(RompError.UnexportableObject,
            $"'{type}' has no generated Romp contract: mark the interface [RompObject] and reference the Romp package (which brings the source generator) in the project that declares it.");

    [DoesNotReturn]
    public static void ThrowSlotCommitted() =>
        throw new InvalidOperationException("A length prefix was ended after the bytes in front of it were committed; begin and end it within one value.");

    [DoesNotReturn]
    public static void ThrowTooLargeToWrite() =>
        throw new RompException(RompError.SendFailed, "The message is larger than the 2 GiB a single frame can hold.");

    [DoesNotReturn]
    public static void ThrowAdvancePastSpan(int count, int available) =>
        throw new ArgumentOutOfRangeException(nameof(count), count, $"Advance({count}) is more than the {available} bytes of the span GetSpan returned.");
}
