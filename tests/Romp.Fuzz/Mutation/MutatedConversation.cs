namespace Romp.Fuzz.Mutation;

/// <summary>One conversation as the fuzzer will send it: the bytes, what was done to them, and how they go out.</summary>
internal sealed class MutatedConversation
{
    public MutatedConversation(string source, byte[] bytes, string mutations, SendPlan plan)
    {
        Source = source;
        Bytes = bytes;
        Mutations = mutations;
        Plan = plan;
    }

    /// <summary>The recorded conversation it came from.</summary>
    public string Source { get; }

    public byte[] Bytes { get; }

    /// <summary>The mutations applied, in order, for the report.</summary>
    public string Mutations { get; }

    public SendPlan Plan { get; }
}
