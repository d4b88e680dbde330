namespace Romp.Fuzz.Mutation;

/// <summary>
/// How a mutated conversation goes out: the offsets where each write ends (random split points, down to single
/// bytes), where to wait for a resolve's answer first, and how to end.
/// </summary>
internal sealed class SendPlan
{
    public SendPlan(int[] cuts, (int Offset, uint CallId)[] barriers, Ending ending)
    {
        Cuts = cuts;
        Barriers = barriers;
        Ending = ending;
    }

    /// <summary>Increasing end offsets of the writes; the last is the length of the bytes.</summary>
    public int[] Cuts { get; }

    /// <summary>
    /// After the write ending at Offset, wait (briefly) for the answer to CallId. A resolve's answer must be back before
    /// calls on the object it names go out, or they race the export and mostly hit UnknownObject.
    /// </summary>
    public (int Offset, uint CallId)[] Barriers { get; }

    public Ending Ending { get; }
}
