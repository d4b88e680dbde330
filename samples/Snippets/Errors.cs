namespace Snippets;

/// <summary>The README's errors-and-faults example: each kind of error a call can end with.</summary>
public static class Errors
{
    public static async Task RunAsync()
    {
        await using var server = new RompServer("inproc://chat");
        server.Bind<IChat>("chat", new Chat());
        await server.StartAsync();
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);
        IChat chat = await client.ResolveAsync<IChat>("chat");

        #region README
        foreach ((string room, string nick) in new[] { ("attic", "ada"), ("lobby", ""), ("archive", "ada") })
        {
            try
            {
                await chat.JoinAsync(room, nick);
            }
            catch (RoomNotFoundException error)                     // declared: its own type, members and message
            {
                Console.WriteLine($"no room '{error.Room}': {error.Message}");
            }
            catch (ArgumentException error)                         // the base library's: itself, with ParamName
            {
                Console.WriteLine($"bad {error.ParamName}: {error.Message}");
            }
            catch (RemoteException error)                           // anything else, with its inner exceptions
            {
                Console.WriteLine(error.Message);                   // Saving failed. ---> disk full
                foreach (RemoteException inner in error.InnerExceptions)
                    Console.WriteLine($"  {inner.RemoteType}: {inner.RemoteMessage}");
            }
        }
        #endregion
    }
}
