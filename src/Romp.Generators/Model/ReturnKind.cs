namespace Romp.Generators.Model;

/// <summary>The shape of a remote member's declared result.</summary>
internal enum ReturnKind
{
    /// <summary><c>void</c>, or a property setter.</summary>
    Void,

    /// <summary>A synchronous value (<c>T</c>), or a property getter.</summary>
    Value,

    /// <summary><c>Task</c>.</summary>
    Task,

    /// <summary><c>Task&lt;T&gt;</c>.</summary>
    TaskOfT,

    /// <summary><c>ValueTask</c>.</summary>
    ValueTask,

    /// <summary><c>ValueTask&lt;T&gt;</c>.</summary>
    ValueTaskOfT,

    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
    AsyncEnumerable,
}
