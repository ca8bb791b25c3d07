namespace Bulwark.Server.Access;

/// <summary>Claim types Bulwark adds to the signed-in principal.</summary>
internal static class BulwarkClaims
{
    /// <summary>"true" for organisation administrators.</summary>
    public const string Admin = "bulwark:admin";

    /// <summary>How the request authenticated: "cookie" or "token".</summary>
    public const string Method = "bulwark:auth";

    /// <summary>One claim per token scope (token requests only).</summary>
    public const string Scope = "bulwark:scope";

    /// <summary>The token id (token requests only), for the audit log.</summary>
    public const string TokenId = "bulwark:token";

    /// <summary>"true" for tokens made offline by <c>bulwark admin create-token</c>: they act without MFA enrolment.</summary>
    public const string Offline = "bulwark:offline";

    /// <summary>Unix seconds of the last MFA re-authentication in this session (cookie sessions only).</summary>
    public const string StepUpAt = "bulwark:stepup";
}
