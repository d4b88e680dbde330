using System.ComponentModel;
using Romp.Transport;

namespace Romp.Rpc;

/// <summary>The remote object a generated proxy talks to: a connection and the object's id on it.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ProxyTarget
{
    internal ProxyTarget(RompConnection connection, uint objectId)
    {
        Connection = connection;
        ObjectId = objectId;
    }

    internal RompConnection Connection { get; }

    internal uint ObjectId { get; }
}
