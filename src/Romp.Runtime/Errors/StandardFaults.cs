namespace Romp.Errors;

/// <summary>
/// The base library's exceptions that come back to the caller as themselves without being declared (docs/protocol.md
/// §3.4): argument, state and lookup errors a caller can act on, whose only data besides the message is a parameter or
/// object name. Each has a fixed code on the wire; only the exact type qualifies, never a subclass.
/// </summary>
internal static class StandardFaults
{
    public const byte Argument = 1;
    public const byte ArgumentNull = 2;
    public const byte ArgumentOutOfRange = 3;
    public const byte InvalidOperation = 4;
    public const byte ObjectDisposed = 5;
    public const byte KeyNotFound = 6;
    public const byte NotSupported = 7;
    public const byte Timeout = 8;
    public const byte UnauthorizedAccess = 9;
    public const byte Format = 10;

    /// <summary>The code of <paramref name="error"/>'s type, with its parameter or object name; false when it is not on the list.</summary>
    public static bool TryClassify(Exception error, out byte code, out string? name)
    {
        name = null;
        Type type = error.GetType();
        if (type == typeof(ArgumentException))
            code = Argument;
        else if (type == typeof(ArgumentNullException))
            code = ArgumentNull;
        else if (type == typeof(ArgumentOutOfRangeException))
            code = ArgumentOutOfRange;
        else if (type == typeof(InvalidOperationException))
            code = InvalidOperation;
        else if (type == typeof(ObjectDisposedException))
            code = ObjectDisposed;
        else if (type == typeof(KeyNotFoundException))
            code = KeyNotFound;
        else if (type == typeof(NotSupportedException))
            code = NotSupported;
        else if (type == typeof(TimeoutException))
            code = Timeout;
        else if (type == typeof(UnauthorizedAccessException))
            code = UnauthorizedAccess;
        else if (type == typeof(FormatException))
            code = Format;
        else
        {
            code = 0;
            return false;
        }

        name = error switch
        {
            ArgumentException argument => argument.ParamName,
            ObjectDisposedException disposed => disposed.ObjectName,
            _ => null,
        };
        return true;
    }

    /// <summary>
    /// The message to build the exception with: <paramref name="message"/> without the text its type adds to it for
    /// <paramref name="name"/> (" (Parameter 'x')", "Object name: 'x'."), which the constructor adds back; null when
    /// nothing needs removing.
    /// </summary>
    public static string? OwnMessage(byte code, string? name, string message)
    {
        if (string.IsNullOrEmpty(name))
            return null;
        string added = Create(code, name, "", inner: null)?.Message ?? "";
        int at = added.Length == 0 ? -1 : message.LastIndexOf(added, StringComparison.Ordinal);
        return at < 0 ? null : message.Remove(at, added.Length);
    }

    /// <summary>Builds the exception of <paramref name="code"/>; null for a code this side does not know (a newer peer's).</summary>
    public static Exception? Create(byte code, string? name, string message, Exception? inner) => code switch
    {
        Argument => new ArgumentException(message, name, inner),
        // These keep their name rather than the inner exception: no constructor takes both.
        ArgumentNull => new ArgumentNullException(name, message),
        ArgumentOutOfRange => new ArgumentOutOfRangeException(name, message),
        ObjectDisposed => new ObjectDisposedException(name, message),
        InvalidOperation => new InvalidOperationException(message, inner),
        KeyNotFound => new KeyNotFoundException(message, inner),
        NotSupported => new NotSupportedException(message, inner),
        Timeout => new TimeoutException(message, inner),
        UnauthorizedAccess => new UnauthorizedAccessException(message, inner),
        Format => new FormatException(message, inner),
        _ => null,
    };
}
