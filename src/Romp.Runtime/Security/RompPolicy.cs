namespace Romp;

/// <summary>
/// Who may use an object bound with it (<see cref="RompServer.Bind{T}(string, T, RompPolicy)"/>): checked when the
/// object is resolved and before every call to it, so that a refused caller gets <see cref="RompError.AccessDenied"/>
/// and the object's code never runs. The policy protects the object wherever it is reached, by name or by a reference
/// handed out.
/// </summary>
/// <example>
/// <code>
/// server.Bind&lt;IAdmin&gt;("admin", new Admin(), RompPolicy.RequireRole("admin"));
/// </code>
/// </example>
/// <remarks>
/// A policy runs on the connection's own threads, the resolve on its reader: it must be quick and must not block. A
/// policy that throws refuses the call, and the exception is logged.
/// </remarks>
public sealed class RompPolicy
{
    private readonly Func<RompCallContext, bool> _allows;

    private RompPolicy(Func<RompCallContext, bool> allows, string description)
    {
        _allows = allows;
        Description = description;
    }

    /// <summary>What the policy requires, for logs.</summary>
    public string Description { get; }

    /// <summary>Only callers whose principal is authenticated (<see cref="RompServerOptions.Authenticate"/> returned one with an authenticated identity).</summary>
    public static RompPolicy RequireAuthenticated() =>
        new(static context => context.Principal.Identity?.IsAuthenticated == true, "an authenticated caller");

    /// <summary>Only authenticated callers in at least one of <paramref name="roles"/> (<see cref="System.Security.Claims.ClaimsPrincipal.IsInRole"/>).</summary>
    /// <exception cref="ArgumentException">No role is given, or one is empty.</exception>
    public static RompPolicy RequireRole(params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (roles.Length == 0 || Array.Exists(roles, string.IsNullOrEmpty))
            throw new ArgumentException("Give at least one role, and no empty one.", nameof(roles));
        string[] copy = (string[])roles.Clone();
        return new(context => context.Principal.Identity?.IsAuthenticated == true && Array.Exists(copy, context.Principal.IsInRole),
            "one of the roles " + string.Join(", ", copy));
    }

    /// <summary>Callers for whom <paramref name="predicate"/> returns true.</summary>
    /// <param name="predicate">Decides from the call's context (principal, address, certificate); quick, and not blocking.</param>
    /// <param name="description">What it requires, for logs.</param>
    public static RompPolicy Require(Func<RompCallContext, bool> predicate, string description = "a custom policy")
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(description);
        return new(predicate, description);
    }

    /// <summary>True when the caller described by <paramref name="context"/> may use the object.</summary>
    public bool Allows(RompCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _allows(context);
    }
}
