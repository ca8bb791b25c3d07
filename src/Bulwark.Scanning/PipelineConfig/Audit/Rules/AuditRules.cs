namespace Bulwark.Scanning.PipelineConfig.Audit.Rules;

/// <summary>Every audit rule (documented in docs/pipeline-audit.md); the parts list GitHub, GitLab and Bulwark rules.</summary>
internal static partial class AuditRules
{
    private const string Workflow = ".github/workflows/sample.yml";
    private const string GitLab = ".gitlab-ci.yml";
    private const string Bulwark = ".bulwark.yml";

    /// <summary>Every rule (a nested holder: the partial files' fields are all initialised before it is built).</summary>
    public static IReadOnlyList<AuditRule> All => Catalog.Rules;

    public static AuditRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    private static class Catalog
    {
        public static readonly IReadOnlyList<AuditRule> Rules =
        [
            TemplateInjection, TemplateInjectionInput, DangerousTrigger, DangerousTriggerPrivileged, UnpinnedAction, UnpinnedActionVersionMismatch,
            UnpinnedImage, ExcessivePermissions, ExcessivePermissionsDefault, ExcessivePermissionsUnused, CredentialPersistence,
            CredentialPersistenceCheckout, CachePoisoning, HardcodedCredentials, SecretsInherit, SecretsContextExposure,
            SecretsOutsideEnvironment, SelfHostedRunner, InsecureCommands, GitHubEnv, UnsoundCondition, BotCondition,
            KnownVulnerableAction, CurlPipeShell, DangerousTriggerForkSecrets, UnprotectedDeploy, CredentialPersistenceJobToken, UnpinnedInclude,
        ];
    }
}
