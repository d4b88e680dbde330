
namespace Romp.Rpc;

/// <summary>The result of a call that returns nothing: an empty RETVAL payload.</summary>
internal readonly struct RompVoid
{
    public static readonly IRompFormatter<RompVoid> Formatter = new VoidFormatter();

    private sealed class VoidFormatter : IRompFormatter<RompVoid>
    {
        public void Write(ref RompWriter writer, RompVoid value)
        {
        }

        public RompVoid Read(ref RompReader reader) => default;
    }
}
