using Romp.CompilerServices;

namespace Romp.Telemetry;

/// <summary>
/// What the telemetry of one method of a contract says, made once and kept on its contract: its <c>rpc.method</c>
/// (<c>Interface/Method</c>), its span name, and the attributes a span starts with (for samplers, which see only those).
/// </summary>
internal sealed class MethodTelemetry
{
    private static readonly MethodTelemetry s_other = new(RompInstruments.Other, RompInstruments.SystemName);

    private MethodTelemetry(string method, string spanName)
    {
        Method = method;
        SpanName = spanName;
        StartTags =
        [
            new(RompInstruments.RpcSystemName, RompInstruments.SystemName),
            new(RompInstruments.RpcMethod, method),
        ];
    }

    /// <summary><c>rpc.method</c>: <c>Interface/Method</c>, or <c>_OTHER</c> for an id the contract does not define.</summary>
    public string Method { get; }

    /// <summary>The span's name: the method, or <c>romp</c> (the system) for one the contract does not define, as the conventions say.</summary>
    public string SpanName { get; }

    /// <summary><c>rpc.system.name</c> and <c>rpc.method</c>, handed to the span as it starts; read-only.</summary>
    public KeyValuePair<string, object?>[] StartTags { get; }

    /// <summary>Method <paramref name="methodId"/> of <paramref name="contract"/>; no allocation after the first call.</summary>
    public static MethodTelemetry For(RompObjectContract contract, ushort methodId)
    {
        int index = contract.IndexOf(methodId);
        if (index < 0)
            return s_other;
        // Two threads racing build equal arrays, and either may win.
        MethodTelemetry[] methods = contract.TelemetryCache ??= Build(contract);
        return methods[index];
    }

    // By the contract's table index: the method ids are sparse.
    private static MethodTelemetry[] Build(RompObjectContract contract)
    {
        ReadOnlySpan<ushort> ids = contract.MethodIds;
        var methods = new MethodTelemetry[ids.Length];
        for (int i = 0; i < methods.Length; i++)
        {
            string name = contract.GetQualifiedMethodName(ids[i]);
            methods[i] = new MethodTelemetry(name, name);
        }

        return methods;
    }
}
