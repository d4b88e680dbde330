namespace Romp;

/// <summary>What went wrong in a remote interaction. The names follow Oberon RemoteObjects' error codes.</summary>
public enum RompError : byte
{
    /// <summary>The remote method threw; see <see cref="RemoteException"/>.</summary>
    Remote,

    /// <summary>The endpoint could not be reached or refused the connection.</summary>
    AccessFailed,

    /// <summary>A frame or payload violated the protocol; the connection was closed.</summary>
    InvalidMessage,

    /// <summary>A message could not be sent (for example it is larger than the peer accepts).</summary>
    SendFailed,

    /// <summary>A message could not be received.</summary>
    ReceiveFailed,

    /// <summary>The connection failed while calls were in flight (the peer vanished or the socket broke).</summary>
    ConnectionBroken,

    /// <summary>The peer does not speak Romp, or speaks an incompatible protocol version.</summary>
    InvalidPartner,

    /// <summary>No object is bound under that name, or the object id is not known on this connection.</summary>
    UnknownObject,

    /// <summary>The proxy was released and can no longer be used.</summary>
    DroppedObject,

    /// <summary>The connection was closed in an orderly way (by either side) before the call completed.</summary>
    ClosedConnection,

    /// <summary>The owner withdrew the object (Unbind or Unregister).</summary>
    ObjectWithdrawn,

    /// <summary>The server stopped listening.</summary>
    ListenerKilled,

    /// <summary>The object cannot be exported (its interface has no generated Romp contract).</summary>
    UnexportableObject,

    /// <summary>A type is not known to the receiving side.</summary>
    UnknownType,

    /// <summary>A type is not supported for marshalling.</summary>
    UnsupportedType,

    /// <summary>The object bound under the name, or a reference received, has another contract than the one requested.</summary>
    TypeGuardFailure,

    /// <summary>The object is not exported to this connection.</summary>
    PrivateObject,

    /// <summary>The server refused the connection or the operation.</summary>
    AccessDenied,

    /// <summary>An operation did not complete in the time allowed.</summary>
    Timeout,

    /// <summary>
    /// The remote object's contract has no method with the called id: the peer is older than this side, or the method's
    /// signature changed (docs/protocol.md §4.3). Only that call fails; the connection stays open.
    /// </summary>
    UnknownMethod,
}
