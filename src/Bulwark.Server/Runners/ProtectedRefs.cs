using Bulwark.Server.Secrets;
using Bulwark.Server.Pipelines;
using Bulwark.Server.Projects;

namespace Bulwark.Server.Runners;

/// <summary>
/// Which refs are protected: the project's protected branch patterns (default <c>main</c> and <c>master</c>) for
/// pushes and manual runs of a branch, and every tag. Pull-request runs are never on a protected ref.
/// </summary>
internal static class ProtectedRefs
{
    public static bool IsProtected(Project project, RunTrigger trigger)
    {
        if (trigger.Event == RunTrigger.PullRequestEvent || trigger.FromFork)
        {
            return false;
        }
        if (trigger.TagName is not null)
        {
            return true;
        }
        return trigger.Branch is { } branch && project.ProtectedBranchList.Any(p => SecretRefPattern.Matches(p, branch));
    }
}
