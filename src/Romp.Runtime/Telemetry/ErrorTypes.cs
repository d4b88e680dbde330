namespace Romp.Telemetry;

/// <summary>
/// The <c>error.type</c> of a failed call, the same on spans and metrics and on both sides of a call: the exception's
/// type when a method threw (a <see cref="RemoteException"/>'s remote type on the caller's side), the
/// <see cref="RompError"/>'s name (<c>Timeout</c>, <c>ConnectionBroken</c>, ...) when Romp failed it, and the type of
/// anything else (<c>System.OperationCanceledException</c> for a caller that gave up). Low cardinality: a type or a code.
/// </summary>
/// <remarks>
/// A remote type is a string the peer chose, so a hostile or buggy peer could name a new type with every answer and
/// blow up the caller's metric series: the process reports the first 256 distinct ones as themselves, and any other as
/// <c>_OTHER</c> (<see cref="BoundedNames"/>).
/// </remarks>
internal static class ErrorTypes
{
    private static readonly string[] s_rompErrors = Names();

    private static readonly BoundedNames s_remoteTypes = new(maxNames: 256, maxLength: 256);

    public static string Of(Exception error) => error switch
    {
        RemoteException remote => OfRemote(remote.RemoteType),
        RompException romp => Of(romp.Error),
        _ => error.GetType().FullName ?? RompInstruments.Other,
    };

    private static string OfRemote(string remoteType) => s_remoteTypes.Get(remoteType);

    public static string Of(RompError error) => (uint)error < (uint)s_rompErrors.Length ? s_rompErrors[(int)error] : error.ToString();

    private static string[] Names()
    {
        var names = new string[(int)RompError.UnknownMethod + 1];
        for (int i = 0; i < names.Length; i++)
            names[i] = ((RompError)i).ToString();
        return names;
    }
}
