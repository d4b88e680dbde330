using System.Reflection;

namespace Romp.Hosting.Tests;

/// <summary>
/// The hosted options mirror the runtime's plain settings one by one, so that configuration can carry them. A setting
/// added to the runtime and forgotten here would be silently unconfigurable; these tests name it instead.
/// </summary>
[TestFixture]
public sealed class HostedOptionsTests
{
    // Runtime settings the hosted options leave out on purpose, each with the reason.
    private static readonly Dictionary<string, string> s_leftOut = new()
    {
        [nameof(RompServerOptions.DisposeGracePeriod)] = "the host stops the server with StopAsync, within the host's own shutdown timeout",
    };

    [TestCase(typeof(RompConnectionOptions), typeof(RompHostedConnectionOptions))]
    [TestCase(typeof(RompServerOptions), typeof(RompHostedServerOptions))]
    [TestCase(typeof(RompClientOptions), typeof(RompHostedClientOptions))]
    public void HostedOptions_EveryPlainRuntimeSetting_HasANullableMirror(Type runtime, Type hosted)
    {
        string[] missing = PlainSettings(runtime)
            .Where(static p => !s_leftOut.ContainsKey(p.Name))
            .Where(p => hosted.GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance) is not { CanWrite: true } mirror
                || mirror.PropertyType != Nullable(p.PropertyType))
            .Select(static p => $"{p.Name} ({p.PropertyType.Name})")
            .ToArray();

        Assert.That(missing, Is.Empty, $"{hosted.Name} lacks these settings of {runtime.Name}, or gives them another type");
    }

    // Declared by this type only: the connection settings are checked once, against the shared base.
    private static IEnumerable<PropertyInfo> PlainSettings(Type runtime) =>
        runtime.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(static p => p.CanWrite && IsPlain(System.Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType));

    private static bool IsPlain(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(TimeSpan) || type == typeof(string);

    private static Type Nullable(Type type) =>
        type.IsValueType && System.Nullable.GetUnderlyingType(type) is null ? typeof(Nullable<>).MakeGenericType(type) : type;
}
