using Romp.Internal;

namespace Romp.Rpc;

/// <summary>
/// The methods of a resolving side's contract that the resolved object lacks (docs/protocol.md §4.2): the object's
/// contract has no method with that id, or has one with another signature (an explicit id reused, or two versions' ids
/// colliding). The resolver finds them by comparing the method table the resolve sends with its own; the proxy then
/// fails a call to one of them at once, without sending it.
/// </summary>
internal sealed class MethodGaps
{
    /// <summary>The object's contract has no method with the id.</summary>
    public const byte Missing = 1;

    /// <summary>The object's contract has a method with the id, with another signature hash.</summary>
    public const byte Changed = 2;

    // Ascending, as on the wire, so that a lookup is a binary search; never changed after construction.
    private readonly ushort[] _ids;
    private readonly byte[] _kinds;

    private MethodGaps(ushort[] ids, byte[] kinds)
    {
        _ids = ids;
        _kinds = kinds;
    }

    /// <summary>How many methods the object lacks.</summary>
    public int Count => _ids.Length;

    /// <summary>
    /// Reads the method table of a resolve (count, then id and signature hash per method, ids ascending) and compares it
    /// with <paramref name="contract"/>; null when the object has every method as the caller knows it, or when there is
    /// no contract to compare with (the resolve fails), whose table is only checked.
    /// </summary>
    public static MethodGaps? Compare(ref RompReader table, RompObjectContract? contract)
    {
        int count = table.ReadUInt16();
        if ((long)count * 6 > table.Remaining)
            ThrowHelper.ThrowInvalidLength(count, table.Remaining);
        List<ushort>? ids = null;
        List<byte>? kinds = null;
        int previous = 0;
        for (int i = 0; i < count; i++)
        {
            ushort id = table.ReadUInt16();
            uint signature = table.ReadUInt32();
            if (id <= previous || id > Protocol.CallHeader.MaxMethodId)
                ThrowHelper.ThrowInvalidData($"The resolve's method ids must ascend, each from 1 to {Protocol.CallHeader.MaxMethodId}; {id} follows {previous}.");
            previous = id;
            if (contract is null)
                continue;
            int index = contract.IndexOf(id);
            if (index >= 0 && contract.SignatureHashAt(index) == signature)
                continue;
            (ids ??= []).Add(id);
            (kinds ??= []).Add(index < 0 ? Missing : Changed);
        }

        return ids is null ? null : new MethodGaps([.. ids], [.. kinds!]);
    }

    /// <summary>Writes the method table of <paramref name="contract"/> for a resolve.</summary>
    public static void WriteTable(ref RompWriter writer, RompObjectContract contract)
    {
        ReadOnlySpan<ushort> ids = contract.MethodIds;
        writer.WriteUInt16((ushort)ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            writer.WriteUInt16(ids[i]);
            writer.WriteUInt32(contract.SignatureHashAt(i));
        }
    }

    /// <summary>Writes the gaps of a resolve's answer: count, then id and kind per gap; none for null.</summary>
    public static void Write(ref RompWriter writer, MethodGaps? gaps)
    {
        if (gaps is null)
        {
            writer.WriteUInt16(0);
            return;
        }

        writer.WriteUInt16((ushort)gaps._ids.Length);
        for (int i = 0; i < gaps._ids.Length; i++)
        {
            writer.WriteUInt16(gaps._ids[i]);
            writer.WriteByte(gaps._kinds[i]);
        }
    }

    /// <summary>Reads the gaps of a resolve's answer; null when there are none.</summary>
    public static MethodGaps? Read(ref RompReader reader)
    {
        int count = reader.ReadUInt16();
        if (count == 0)
            return null;
        if ((long)count * 3 > reader.Remaining)
            ThrowHelper.ThrowInvalidLength(count, reader.Remaining);
        var ids = new ushort[count];
        var kinds = new byte[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = reader.ReadUInt16();
            kinds[i] = reader.ReadByte();
            if ((i > 0 && ids[i] <= ids[i - 1]) || kinds[i] is not (Missing or Changed))
                ThrowHelper.ThrowInvalidData($"The resolve's answer lists method {ids[i]} out of order or with an unknown kind ({kinds[i]}).");
        }

        return new MethodGaps(ids, kinds);
    }

    /// <summary>Whether the object lacks method <paramref name="methodId"/>, and how: a binary search, no allocation.</summary>
    public bool Lacks(ushort methodId, out byte kind)
    {
        int index = Array.BinarySearch(_ids, methodId);
        kind = index >= 0 ? _kinds[index] : (byte)0;
        return index >= 0;
    }
}
