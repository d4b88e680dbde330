namespace Romp.Errors;

/// <summary>A declared fault of type <typeparamref name="T"/>, written and read by its generated formatter.</summary>
internal sealed class DeclaredFault<T>(string name, IRompFormatter<T?> formatter) : RompFault(name) where T : Exception
{
    internal override bool Describes(Exception error) => error.GetType() == typeof(T);

    internal override void Write(ref RompWriter writer, Exception error) => formatter.Write(ref writer, (T)error);

    // A fault is never null: the sender wrote the exception it caught.
    internal override Exception Read(ref RompReader reader) =>
        formatter.Read(ref reader) ?? throw new RompException(RompError.InvalidMessage, $"The fault '{Name}' is null.");
}
