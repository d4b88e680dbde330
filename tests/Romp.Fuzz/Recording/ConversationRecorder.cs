using Romp.Fuzz.Target;

namespace Romp.Fuzz.Recording;

/// <summary>
/// Records <see cref="ConversationScripts"/> against a server of its own: real client, real server, loopback TCP, the
/// client's bytes kept by <see cref="RecordingTransport"/>. The target there is strict, so the recorded sessions are
/// checked to be valid calls as they are made.
/// </summary>
internal static class ConversationRecorder
{
    public static async Task<IReadOnlyList<Conversation>> RecordAsync(FuzzFindings findings, CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0");
        server.Bind<IFuzzTarget>(ConversationScripts.TargetName, new FuzzTarget(CallMonitor.Strict("recording", findings)));
        await server.StartAsync(cancellationToken);
        string address = new Uri(server.Endpoint).Authority;

        var conversations = new List<Conversation>();
        foreach ((string name, Func<RompClient, CancellationToken, Task> run) in ConversationScripts.All)
        {
            var transport = new RecordingTransport();
            var options = new RompClientOptions { Transports = { transport } };
            RompClient client = await RompClient.ConnectAsync($"{RecordingTransport.SchemeName}://{address}", options, cancellationToken);
            await using (client)
                await run(client, cancellationToken);
            // Disposed: the client's GOODBYE has been written, so the recording is the whole conversation.
            conversations.Add(Conversation.FromRecording(name, transport.TakeRecording()));
        }

        return conversations;
    }
}
