namespace Snippets;

#region README
[RompObject] public interface ICounter { ValueTask<int> IncrementAsync(); }
[RompObject] public interface IListener { ValueTask OnEventAsync(string message); }

[RompObject]
public interface IHub
{
    ValueTask<ICounter> CreateAsync(string name);                  // a new object on the server, called from the client
    ValueTask SubscribeAsync(IListener listener);                  // the client's own object, called back by the server
    ValueTask ForEachAsync(int count, Func<int, ValueTask> block); // a block: valid for the duration of the call
}
#endregion
