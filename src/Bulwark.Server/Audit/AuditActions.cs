namespace Bulwark.Server.Audit;

/// <summary>The names of audited events. Dotted, stable: SIEM rules match on them.</summary>
internal static class AuditActions
{
    public const string SetupCompleted = "setup.completed";
    public const string SignInSucceeded = "auth.sign-in.succeeded";
    public const string SignInFailed = "auth.sign-in.failed";
    public const string LockedOut = "auth.locked-out";
    public const string SignedOut = "auth.signed-out";
    public const string SignedOutEverywhere = "auth.signed-out-everywhere";
    public const string StepUpSucceeded = "auth.step-up.succeeded";
    public const string StepUpFailed = "auth.step-up.failed";
    public const string MfaEnrolled = "mfa.enrolled";
    public const string MfaDisabled = "mfa.disabled";
    public const string RecoveryCodesGenerated = "mfa.recovery-codes.generated";
    public const string RecoveryCodeUsed = "mfa.recovery-code.used";
    public const string UserCreated = "user.created";
    public const string UserRoleChanged = "user.role.changed";
    public const string PasswordChanged = "user.password.changed";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string TokenRejected = "token.rejected";
    public const string ProjectCreated = "project.created";
    public const string ProjectUpdated = "project.updated";
    public const string ProjectArchived = "project.archived";
    public const string WebhookSecretRotated = "project.webhook-secret.rotated";
    public const string MemberAdded = "project.member.added";
    public const string MemberRoleChanged = "project.member.role-changed";
    public const string MemberRemoved = "project.member.removed";
    public const string SettingChanged = "setting.changed";
    public const string AccessDenied = "access.denied";
    public const string UserDisabled = "user.disabled";
    public const string SecretWrite = "secret.write";
    public const string SecretDelete = "secret.delete";
    public const string SecretRollback = "secret.rollback";
    public const string SecretRead = "secret.read";
    public const string MasterKeyRotated = "secret.master-key.rotated";
    public const string RunCreated = "run.created";
    public const string RunCancelled = "run.cancelled";
    public const string WebhookRejected = "webhook.rejected";
    public const string RunnerRegistrationTokenCreated = "runner.registration-token.created";
    public const string RunnerRegistered = "runner.registered";
    public const string RunnerDisabled = "runner.disabled";
    public const string RunnerRejected = "runner.rejected";
}
