namespace Romp.Errors;

/// <summary>
/// What an exception shows the peer: its type, message and stack trace, read so that an exception whose members throw
/// still gets an answer to its caller. A <see cref="RemoteException"/> passed on shows the remote exception it stands for.
/// </summary>
internal static class ExceptionText
{
    public static string TypeOf(Exception error) =>
        error is RemoteException remote ? remote.RemoteType : error.GetType().FullName ?? error.GetType().Name;

    public static string MessageOf(Exception error)
    {
        try
        {
            return error is RemoteException remote ? remote.RemoteMessage : error.Message;
        }
        catch (Exception unreadable)
        {
            return $"(the message could not be read: {unreadable.GetType().Name})";
        }
    }

    public static string? StackTraceOf(Exception error)
    {
        try
        {
            return error is RemoteException { RemoteStackTrace: { } remote } ? remote : error.StackTrace;
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>The exceptions directly inside <paramref name="error"/>: all of an AggregateException's, else its InnerException.</summary>
    public static IReadOnlyList<Exception> InnerOf(Exception error) => error switch
    {
        RemoteException remote => remote.InnerExceptions,
        AggregateException aggregate => aggregate.InnerExceptions,
        { InnerException: { } inner } => [inner],
        _ => [],
    };
}
