using System.Text;

namespace Romp;

/// <summary>
/// The exception a remote method threw, carried back to the caller when it is neither a fault the method declares
/// (<see cref="RompFaultAttribute"/>) nor one of the base library's exceptions that come back as themselves.
/// <see cref="RompException.Error"/> is <see cref="RompError.Remote"/>.
/// </summary>
/// <remarks>
/// The remote exception's inner exceptions come along as a chain of <see cref="RemoteException"/>s, with their types
/// and messages (all of an <see cref="AggregateException"/>'s), up to a bound the sender keeps so that a huge chain
/// cannot make the answer huge; <see cref="Exception.Message"/> shows their messages too, so that the root cause
/// ("disk full") is visible wherever the message is logged.
/// </remarks>
public sealed class RemoteException : RompException
{
    /// <summary>
    /// The key under which a fault that arrives as its own type (a declared fault, or one of the base library's
    /// exceptions) holds the remote stack trace in its <see cref="Exception.Data"/>, when the remote side sends stack
    /// traces (<see cref="RompConnectionOptions.IncludeRemoteStackTrace"/>).
    /// </summary>
    public const string RemoteStackTraceKey = "Romp.RemoteStackTrace";

    /// <summary>Creates the caller-side image of a remote exception without inner exceptions.</summary>
    public RemoteException(string remoteType, string message, string? remoteStackTrace)
        : this(remoteType, message, remoteStackTrace, [])
    {
    }

    /// <summary>Creates the caller-side image of a remote exception and its inner exceptions.</summary>
    /// <param name="remoteType">The full name of the exception type thrown on the remote side.</param>
    /// <param name="message">The remote exception's own message.</param>
    /// <param name="remoteStackTrace">The remote stack trace, or null when the remote side does not send it.</param>
    /// <param name="innerExceptions">
    /// The remote exception's inner exceptions: its <see cref="Exception.InnerException"/>, or every one of an
    /// <see cref="AggregateException"/>'s <see cref="AggregateException.InnerExceptions"/>.
    /// </param>
    /// <param name="omittedInnerExceptions">How many further inner exceptions, anywhere in the chain, the remote side left out.</param>
    public RemoteException(string remoteType, string message, string? remoteStackTrace, IReadOnlyList<RemoteException> innerExceptions, int omittedInnerExceptions = 0)
        : base(RompError.Remote, WithInnerMessages(message, innerExceptions), innerExceptions is { Count: > 0 } ? innerExceptions[0] : null)
    {
        ArgumentNullException.ThrowIfNull(innerExceptions);
        ArgumentOutOfRangeException.ThrowIfNegative(omittedInnerExceptions);
        RemoteType = remoteType;
        RemoteMessage = message;
        RemoteStackTrace = remoteStackTrace;
        InnerExceptions = innerExceptions;
        OmittedInnerExceptions = omittedInnerExceptions;
    }

    /// <summary>The full name of the exception type thrown on the remote side, e.g. <c>System.IO.IOException</c>.</summary>
    public string RemoteType { get; }

    /// <summary>The remote exception's own message; <see cref="Exception.Message"/> adds its inner exceptions' messages.</summary>
    public string RemoteMessage { get; }

    /// <summary>The remote stack trace, or <see langword="null"/> when the remote side does not send it.</summary>
    public string? RemoteStackTrace { get; }

    /// <summary>
    /// The remote exception's inner exceptions, each with its own: one for an exception with an
    /// <see cref="Exception.InnerException"/> (which is the first of them), all of an <see cref="AggregateException"/>'s,
    /// none at the end of the chain.
    /// </summary>
    public IReadOnlyList<RemoteException> InnerExceptions { get; }

    /// <summary>How many inner exceptions, anywhere below this one, the remote side left out to keep its answer small.</summary>
    public int OmittedInnerExceptions { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        if (InnerExceptions.Count == 0 && OmittedInnerExceptions == 0)
        {
            return RemoteStackTrace is null
                ? $"{RemoteType}: {Message} (remote)"
                : $"{RemoteType}: {Message} (remote){Environment.NewLine}{RemoteStackTrace}{Environment.NewLine}--- end of remote stack trace ---{Environment.NewLine}{base.StackTrace}";
        }

        var text = new StringBuilder();
        Describe(text, this, depth: 0);
        if (RemoteStackTrace is not null)
            text.AppendLine().Append(RemoteStackTrace).AppendLine().Append("--- end of remote stack trace ---");
        if (base.StackTrace is { } local)
            text.AppendLine().Append(local);
        return text.ToString();
    }

    // Type, own message, then the inner exceptions indented under it, as Exception.ToString nests them.
    private static void Describe(StringBuilder text, RemoteException error, int depth)
    {
        text.Append(error.RemoteType).Append(": ").Append(error.RemoteMessage).Append(" (remote)");
        for (int i = 0; i < error.InnerExceptions.Count; i++)
        {
            RemoteException inner = error.InnerExceptions[i];
            text.AppendLine().Append(' ', depth * 2).Append(" ---> ");
            if (error.InnerExceptions.Count > 1)
                text.Append("(inner exception #").Append(i).Append(") ");
            Describe(text, inner, depth + 1);
            if (inner.RemoteStackTrace is not null)
                text.AppendLine().Append(inner.RemoteStackTrace);
            text.AppendLine().Append(' ', depth * 2).Append("   --- end of inner exception ---");
        }

        if (error.OmittedInnerExceptions > 0)
        {
            text.AppendLine().Append(' ', depth * 2).Append("   (").Append(error.OmittedInnerExceptions)
                .Append(error.OmittedInnerExceptions == 1 ? " more inner exception was" : " more inner exceptions were").Append(" not sent)");
        }
    }

    // The messages of the whole chain, depth first, each unless the text already shows it (an AggregateException's
    // message quotes its children's): "Saving failed. ---> disk full".
    private static string WithInnerMessages(string message, IReadOnlyList<RemoteException>? inner)
    {
        if (inner is not { Count: > 0 })
            return message;
        var text = new StringBuilder(message);
        Append(text, inner);
        return text.ToString();

        static void Append(StringBuilder text, IReadOnlyList<RemoteException> inner)
        {
            foreach (RemoteException child in inner)
            {
                if (child.RemoteMessage.Length > 0 && !text.ToString().Contains(child.RemoteMessage, StringComparison.Ordinal))
                    text.Append(" ---> ").Append(child.RemoteMessage);
                Append(text, child.InnerExceptions);
            }
        }
    }
}
