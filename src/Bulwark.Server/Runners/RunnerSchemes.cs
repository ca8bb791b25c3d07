namespace Bulwark.Server.Runners;

/// <summary>
/// The authentication schemes of remote runners. Each authenticates one kind of runner secret and nothing else,
/// and each is the only scheme of its permission's policy (<see cref="Access.PermissionRules.AgentScheme"/>): a user's
/// token or session never reaches a runner endpoint, and a runner's secrets never reach a user endpoint.
/// </summary>
internal static class RunnerSchemes
{
    /// <summary><c>Authorization: Bearer bwreg_…</c>, the one-time registration token (<c>POST /runners/register</c> only).</summary>
    public const string Registration = "BulwarkRunnerRegistration";

    /// <summary><c>Authorization: Bearer bwr_…</c>, a registered runner's credential (asking for work).</summary>
    public const string Runner = "BulwarkRunner";

    /// <summary><c>Authorization: Bearer bwj_…</c>, the per-job token, valid only for the job in the URL while its lease lasts.</summary>
    public const string Job = "BulwarkRunnerJob";

    /// <summary>Claim types of runner principals (they carry no user id, so nothing can mistake them for a user).</summary>
    public const string RunnerIdClaim = "bulwark:runner";
    public const string JobIdClaim = "bulwark:job";
    public const string RegistrationClaim = "bulwark:runner-registration";

    /// <summary>What a refused caller of a runner endpoint should send instead.</summary>
    public static string Hint(string scheme) => scheme switch
    {
        Registration => "Send an unused, unexpired registration token as 'Authorization: Bearer bwreg_…' (an administrator makes one).",
        Runner => "Send the runner's credential as 'Authorization: Bearer bwr_…' (the runner was disabled, or never registered).",
        _ => "Send the job's token as 'Authorization: Bearer bwj_…'; it is valid only for its own job while that job is leased to the runner.",
    };
}
