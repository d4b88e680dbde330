using System.Buffers;
using Romp.Internal;

namespace Romp.Errors;

/// <summary>
/// The detail that follows the four fields of an EXCEPTION payload, for a peer whose hello has
/// <see cref="Protocol.HelloFlags.FaultDetails"/> (docs/protocol.md §3.4): what kind of error it is (with a declared
/// fault's members, or a base library exception's code), then the inner exceptions. Written and read here, the pair in
/// one place.
/// </summary>
internal readonly struct ErrorDetail
{
    private readonly Exception _error;
    private readonly string _message;
    private readonly FaultKind _kind;
    private readonly RompFault? _fault;
    private readonly byte _code;
    private readonly string? _name;
    private readonly bool _stackTraces;
    private readonly int _omitted; // -1: write the whole chain; else an empty chain that says this many were left out

    private ErrorDetail(Exception error, string message, FaultKind kind, RompFault? fault, byte code, string? name, bool stackTraces, int omitted)
    {
        _error = error;
        _message = message;
        _kind = kind;
        _fault = fault;
        _code = code;
        _name = name;
        _stackTraces = stackTraces;
        _omitted = omitted;
    }

    /// <summary>
    /// The detail of <paramref name="error"/>, sent with <paramref name="message"/>: a declared fault when its type is
    /// exactly one of <paramref name="declared"/>, a standard one when it is on the allow-list, else remote. A Romp
    /// error (<paramref name="code"/> other than Remote) is Romp's own and carries no chain.
    /// </summary>
    public static ErrorDetail For(Exception error, RompError code, string message, RompFault[]? declared, bool stackTraces)
    {
        if (code != RompError.Remote)
            return new ErrorDetail(error, message, FaultKind.Remote, null, 0, null, stackTraces, omitted: 0);
        if (declared is not null)
        {
            foreach (RompFault fault in declared)
            {
                if (fault.Describes(error))
                    return new ErrorDetail(error, message, FaultKind.Declared, fault, 0, null, stackTraces, omitted: -1);
            }
        }

        if (StandardFaults.TryClassify(error, out byte standard, out string? name))
            return new ErrorDetail(error, message, FaultKind.Standard, null, standard, name, stackTraces, omitted: -1);
        return new ErrorDetail(error, message, FaultKind.Remote, null, 0, null, stackTraces, omitted: -1);
    }

    /// <summary>The smallest detail, for an answer that must fit any frame: remote, with every inner exception left out.</summary>
    public static ErrorDetail Short(Exception error, string message) =>
        new(error, message, FaultKind.Remote, null, 0, null, stackTraces: false, omitted: InnerChain.Count(error));

    public void Write(ref RompWriter writer)
    {
        writer.WriteByte((byte)_kind);
        LengthPrefix body = writer.BeginLengthPrefix();
        switch (_kind)
        {
            case FaultKind.Standard:
                writer.WriteByte(_code);
                writer.WriteString(_name);
                writer.WriteString(StandardFaults.OwnMessage(_code, _name, _message));
                break;
            case FaultKind.Declared:
                writer.WriteString(_fault!.Name);
                _fault.Write(ref writer, _error);
                break;
        }

        writer.EndLengthPrefix(body);
        if (_omitted < 0)
            InnerChain.Write(ref writer, _error, _stackTraces);
        else
            InnerChain.WriteEmpty(ref writer, _omitted);
    }

    /// <summary>
    /// Reads the detail and builds what the caller raises: the declared fault or standard exception it names when this
    /// side knows it for the method called (<paramref name="declared"/>), else a <see cref="RemoteException"/> with the
    /// inner chain. A Romp error (<paramref name="code"/> other than Remote) stays a <see cref="RompException"/>.
    /// </summary>
    public static Exception Read(ref RompReader reader, RompError code, string type, string message, string? stackTrace, RompFault[]? declared, RompConnection? connection)
    {
        var kind = (FaultKind)reader.ReadByte();
        int length = reader.ReadLength();
        if (length < 0)
            ThrowHelper.ThrowInvalidData("The body of an error's detail has no length.");
        ReadOnlySequence<byte> body = reader.ReadSlice(length);
        (IReadOnlyList<RemoteException> inner, int omitted) = InnerChain.Read(ref reader);
        reader.EnsureEnd();
        if (code != RompError.Remote)
            return new RompException(code, message);

        Exception? built = kind switch
        {
            FaultKind.Standard => ReadStandard(body, message, inner, connection),
            FaultKind.Declared => ReadDeclared(body, declared, connection),
            _ => null, // remote, or a kind of a newer peer: its body is skipped
        };
        if (built is null)
            return new RemoteException(type, message, stackTrace, inner, omitted);
        if (stackTrace is not null)
            built.Data[RemoteException.RemoteStackTraceKey] = stackTrace;
        return built;
    }

    private static Exception? ReadStandard(ReadOnlySequence<byte> body, string message, IReadOnlyList<RemoteException> inner, RompConnection? connection)
    {
        var reader = new RompReader(body, connection);
        byte code = reader.ReadByte();
        string? name = reader.ReadString();
        string? own = reader.ReadString();
        reader.EnsureEnd();
        return StandardFaults.Create(code, name, own ?? message, inner.Count > 0 ? inner[0] : null);
    }

    // Only a fault of the method called is built, whatever the peer names; one this side does not know is remote.
    private static Exception? ReadDeclared(ReadOnlySequence<byte> body, RompFault[]? declared, RompConnection? connection)
    {
        var reader = new RompReader(body, connection);
        string name = reader.ReadString() ?? "";
        RompFault? fault = Find(declared, name);
        if (fault is null)
            return null;
        Exception built = fault.Read(ref reader);
        reader.EnsureEnd();
        return built;
    }

    private static RompFault? Find(RompFault[]? declared, string name)
    {
        if (declared is null)
            return null;
        foreach (RompFault fault in declared)
        {
            if (string.Equals(fault.Name, name, StringComparison.Ordinal))
                return fault;
        }

        return null;
    }
}
