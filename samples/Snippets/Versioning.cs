namespace Snippets;

/// <summary>The README's versioning example: a version 2 client against a version 1 server, on one connection.</summary>
public static class Versioning
{
    public static async Task RunAsync()
    {
        await using var server = new RompServer("inproc://chat");
        server.Bind<ChatV1.IChatService>("chat", new ChatV1.ChatService());
        await server.StartAsync();
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);

        #region README
        ChatV2.IChatRoom chat = await client.ResolveAsync<ChatV2.IChatRoom>("chat"); // same contract: it resolves
        await chat.SendAsync("hello", priority: 1);                  // what both versions have works
        chat.Subject = "releases";                                    // the server's Topic
        try
        {
            await chat.KickAsync("mallory");                          // fails at once, unsent; the connection stays
        }
        catch (RompException e) when (e.Error == RompError.UnknownMethod)
        {
            Console.WriteLine(e.Message);
            // The server's 'chat.v1' has no method KickAsync(string): it is older than this client, or the method's
            // signature changed.
        }
        #endregion
        Console.WriteLine($"versioning: the version 1 server's topic is now '{chat.Subject}'");
    }
}
