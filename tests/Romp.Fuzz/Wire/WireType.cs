namespace Romp.Fuzz.Wire;

/// <summary>Frame type bytes as docs/protocol.md §2 numbers them, kept apart from the runtime's own enum on purpose.</summary>
internal static class WireType
{
    public const byte Request = 1;
    public const byte RequestBlock = 2;
    public const byte Oneway = 3;
    public const byte OnewaySync = 4;
    public const byte RetVal = 5;
    public const byte Exception = 6;
    public const byte Yield = 7;
    public const byte Sync = 8;
    public const byte NullMsg = 9;
    public const byte Cancel = 10;
    public const byte Credit = 11;
    public const byte Goodbye = 12;
    public const byte Discard = 13;
    public const byte Release = 14;
    public const byte Ping = 15;
    public const byte Pong = 16;
    public const byte Drain = 17;
    public const byte Bytes = 18;
    public const byte BytesEnd = 19;
    public const byte BytesCredit = 20;
    public const byte BytesStop = 21;

    /// <summary>The highest type there is.</summary>
    public const byte Last = BytesStop;

    public const int HeaderSize = 9;
    public const int HelloSize = 12;

    public static bool IsValid(byte type) => type is >= Request and <= Last;

    /// <summary>A frame that starts work on the receiver, with its own call id (except ONEWAY's, which is ignored).</summary>
    public static bool IsCall(byte type) => type is Request or RequestBlock or Oneway or OnewaySync;
}
