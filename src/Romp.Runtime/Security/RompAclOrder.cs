namespace Romp;

/// <summary>
/// How a <see cref="RompAcl"/> weighs its allow entries against its deny entries. The names and values are those of
/// DRb's <c>ACL::DENY_ALLOW</c> and <c>ACL::ALLOW_DENY</c>, and the rules are what DRb's <c>ACL#allow_addr?</c> does
/// (which is Apache's <c>Order Deny,Allow</c> and <c>Order Allow,Deny</c>).
/// </summary>
public enum RompAclOrder
{
    /// <summary>
    /// Deny entries first, then allow entries, which override them: a peer is admitted when any allow entry matches it,
    /// otherwise refused when any deny entry matches it, otherwise admitted. Start with <c>deny all</c> to admit only
    /// the peers the allow entries name. The default, as in DRb.
    /// </summary>
    DenyAllow = 0,

    /// <summary>
    /// Allow entries first, then deny entries, which override them: a peer is refused when any deny entry matches it,
    /// otherwise admitted when any allow entry matches it, otherwise refused. A peer nothing matches is refused.
    /// </summary>
    AllowDeny = 1,
}
