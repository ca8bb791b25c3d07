namespace Bulwark.Server.Access;

/// <summary>What a page may offer the signed-in user for one permission.</summary>
internal enum PageAccess
{
    /// <summary>The role does not grant it: the form is not shown and a post is refused.</summary>
    Denied,

    /// <summary>The role grants it but the session must re-enter an MFA code first.</summary>
    NeedsStepUp,

    Allowed,
}
