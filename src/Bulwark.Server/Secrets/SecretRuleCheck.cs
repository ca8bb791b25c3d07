namespace Bulwark.Server.Secrets;

/// <summary>Whether a secret's rules let a job have it. Pull requests from forks never pass unless a maintainer approved the run.</summary>
internal static class SecretRuleCheck
{
    public static bool Allows(StoredSecret secret, JobSecretRequest job)
    {
        if (IsUnapprovedFork(job) || !secret.Events.Contains(job.Event) || (secret.ProtectedOnly && !job.RefIsProtected))
        {
            return false;
        }
        if (secret.Jobs.Count > 0 && !secret.Jobs.Contains(job.Job))
        {
            return false;
        }
        return secret.Branches.Count == 0 || secret.Branches.Any(pattern => SecretRefPattern.Matches(pattern, job.Ref));
    }

    public static bool IsUnapprovedFork(JobSecretRequest job) => job.FromFork && !job.ApprovedByMaintainer;
}
