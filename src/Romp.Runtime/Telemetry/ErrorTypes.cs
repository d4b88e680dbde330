namespace Romp.Telemetry;

/// <summary>
/// The <c>error.type</c> of a failed call, the same on spans and metrics and on both sides of a call: the exception's
/// type when a method threw (a <see cref="RemoteException"/>'s remote type on the caller's side), the
/// <see cref="RompError"/>'s name (<c>Timeout</c>, <c>ConnectionBroken</c>, ...) when Romp failed it, and the type of
/// anything else (<c>System.OperationCanceledException</c> for a caller that gave up). Low cardinality: a type or a code.
/// </summary>
internal static class ErrorTypes
{
    private static readonly string[] s_rompErrors = Names();

    public static string Of(Exception error) => error switch
    {
        RemoteException remote => remote.RemoteType,
        RompException romp => Of(romp.Error),
        _ => error.GetType().FullName ?? RompInstruments.Other,
    };

    public static string Of(RompError error) => (uint)error < (uint)s_rompErrors.Length ? s_rompErrors[(int)error] : error.ToString();

    private static string[] Names()
    {
        var names = new string[(int)RompError.Timeout + 1];
        for (int i = 0; i < names.Length; i++)
            names[i] = ((RompError)i).ToString();
        return names;
    }
}
