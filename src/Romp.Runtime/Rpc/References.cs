using Romp.Internal;

namespace Romp.Rpc;

/// <summary>
/// How a reference travels (docs/protocol.md, "References"): a tag byte, then what the tag needs.
/// <list type="bullet">
/// <item>0: null.</item>
/// <item>1, the sender's object: u32 id in the sender's export table, u64 contract id. The receiver gets a proxy.</item>
/// <item>2, the receiver's own object coming back: u32 id in the receiver's export table. The receiver gets the object.</item>
/// </list>
/// </summary>
internal static class References
{
    public const byte Null = 0;
    public const byte SenderOwned = 1;
    public const byte ReceiverOwned = 2;

    /// <param name="writer">Writes the frame for its connection.</param>
    /// <param name="value">The object, delegate or proxy to send.</param>
    /// <param name="proxy">The proxy <paramref name="value"/> stands for, if it is one (for a delegate: a block proxy).</param>
    /// <param name="contract">The contract of the declared type.</param>
    public static void Write(ref RompWriter writer, object? value, ProxyBase? proxy, RompObjectContract contract)
    {
        if (value is null)
        {
            writer.WriteByte(Null);
            return;
        }

        RompConnection connection = writer.Connection ?? throw OutsideACall();
        ImportHandle? handle = proxy?.Handle; // once: a recovering proxy may be bound again meanwhile
        if (handle is not null && handle.Released)
            throw new RompException(RompError.DroppedObject, $"A released proxy ({contract.InterfaceName} #{handle.ObjectId}) cannot be sent.");
        if (handle is not null && ReferenceEquals(handle.Connection, connection))
        {
            // Back to its owner: the owner gets its own object, not a proxy of a proxy.
            writer.WriteByte(ReceiverOwned);
            writer.WriteUInt32(handle.ObjectId);
            return;
        }

        // Ours, or a proxy to a third party's object: exported here, so calls on it come to us (and are forwarded).
        uint id = connection.ExportReference(value, contract);
        writer.WriteByte(SenderOwned);
        writer.WriteUInt32(id);
        writer.WriteUInt64(contract.Id);
    }

    /// <summary>Reads a reference: a proxy for the peer's object, this side's own object, or null.</summary>
    /// <param name="reader">Reads the frame for its connection, and the received call whose arguments these are, if any.</param>
    /// <param name="contract">The contract of the declared type.</param>
    /// <param name="callScoped">A block: the proxy is released when the received call it arrived with ends.</param>
    public static object? Read(ref RompReader reader, RompObjectContract contract, bool callScoped)
    {
        byte tag = reader.ReadByte();
        switch (tag)
        {
            case Null:
                return null;
            case SenderOwned:
            {
                uint id = reader.ReadUInt32();
                ulong contractId = reader.ReadUInt64();
                if (contractId != contract.Id)
                {
                    throw new RompException(RompError.TypeGuardFailure,
                        $"The peer sent an object of another contract (id {contractId:x16}) where {contract.InterfaceName} (contract '{contract.ContractName}', id {contract.Id:x16}) was expected; the two sides disagree about the interface.");
                }

                RompConnection connection = reader.Connection ?? throw OutsideACall();
                if (callScoped && reader.Call is { } call)
                {
                    ProxyBase block = connection.Imports.AddScoped(id, contract);
                    call.ReleaseWhenDone(block);
                    return block;
                }

                return connection.Imports.GetOrAdd(id, contract);
            }

            case ReceiverOwned:
            {
                uint id = reader.ReadUInt32();
                Export? export = (reader.Connection ?? throw OutsideACall()).Exports.Find(id);
                if (export is null)
                    throw new RompException(RompError.UnknownObject, $"The peer sent back object {id}, which this side never exported to it.");
                // Only as the interface it was handed out as, or a base of it: a facet must not come back as another facet.
                // Another interface of the same contract (a version of it in this process) passes if the object has it.
                if (!ReferenceEquals(export.Contract, contract) && !IsUpcast(export.Contract, contract)
                    && (export.Contract.Id != contract.Id || contract.InterfaceType?.IsInstanceOfType(export.Target) == false))
                {
                    throw new RompException(RompError.TypeGuardFailure,
                        $"The peer sent back object {id}, handed out as {export.Contract.InterfaceName}, where {contract.InterfaceName} was expected.");
                }

                return export.Target;
            }

            default:
                ThrowHelper.ThrowInvalidData($"Unknown reference tag {tag}.");
                return null;
        }
    }

    // The declared interface is a base of the one the object was handed out as: it grants nothing that facet did not.
    private static bool IsUpcast(RompObjectContract handedOut, RompObjectContract declared) =>
        handedOut.InterfaceType is { } from && declared.InterfaceType is { } to && to.IsAssignableFrom(from);

    private static RompException OutsideACall() => new(RompError.UnexportableObject,
        "A remote reference can only travel inside a Romp call; it cannot be serialized on its own.");
}
