namespace Bulwark.Scanning.PipelineConfig.Audit.Expressions;

internal enum Trust
{
    /// <summary>Fixed by GitHub or by people with write access (SHAs, numbers, ids, repository names, secrets).</summary>
    Safe,

    /// <summary>Typed by whoever starts a manual run or calls the workflow: people with write access, usually.</summary>
    Input,

    /// <summary>Text anyone can write: titles, bodies, branch names, commit messages of a fork.</summary>
    Attacker,
}

/// <summary>
/// Which GitHub context paths carry text an outside contributor controls (GitHub Security Lab's list, extended
/// to workflow_run, merge groups and discussions). Paths are lower-case and use <c>*</c> for any index.
/// </summary>
internal static class ContextTrust
{
    private static readonly string[] AttackerPaths =
    [
        "github.head_ref",
        "github.event.issue.title", "github.event.issue.body",
        "github.event.pull_request.title", "github.event.pull_request.body",
        "github.event.pull_request.head.ref", "github.event.pull_request.head.label",
        "github.event.pull_request.head.repo.default_branch", "github.event.pull_request.head.repo.description",
        "github.event.pull_request.head.repo.homepage",
        "github.event.comment.body", "github.event.review.body", "github.event.review_comment.body",
        "github.event.discussion.title", "github.event.discussion.body",
        "github.event.pages.*.page_name",
        "github.event.commits.*.message", "github.event.commits.*.author.email", "github.event.commits.*.author.name",
        "github.event.commits.*.committer.email", "github.event.commits.*.committer.name",
        "github.event.head_commit.message", "github.event.head_commit.author.email", "github.event.head_commit.author.name",
        "github.event.head_commit.committer.email", "github.event.head_commit.committer.name",
        "github.event.workflow_run.head_branch", "github.event.workflow_run.display_title",
        "github.event.workflow_run.head_commit.message", "github.event.workflow_run.head_commit.author.email",
        "github.event.workflow_run.head_commit.author.name", "github.event.workflow_run.pull_requests.*.head.ref",
        "github.event.workflow_run.head_repository.description",
        "github.event.check_suite.head_branch", "github.event.check_run.check_suite.head_branch",
        "github.event.merge_group.head_commit.message", "github.event.merge_group.head_commit.author.name",
        "github.event.merge_group.head_commit.author.email",
    ];

    /// <summary>The trust of a context value expanded as text, or serialised whole through <c>toJSON</c>.</summary>
    public static Trust Of(ContextFlow flow)
    {
        var path = flow.Path;
        foreach (var attacker in AttackerPaths)
        {
            if (Matches(attacker, path) || (flow.Serialized && IsPrefix(path, attacker)))
            {
                return Trust.Attacker;
            }
        }
        if (flow.Serialized && path == "github")
        {
            return Trust.Attacker;
        }
        return path.StartsWith("inputs.", StringComparison.Ordinal) || path.StartsWith("github.event.inputs.", StringComparison.Ordinal)
            ? Trust.Input
            : Trust.Safe;
    }

    /// <summary>Whether <paramref name="pattern"/> matches the path, <c>*</c> matching one segment either way.</summary>
    private static bool Matches(string pattern, string path)
    {
        var p = pattern.AsSpan();
        var q = path.AsSpan();
        while (true)
        {
            var pEnd = p.IndexOf('.');
            var qEnd = q.IndexOf('.');
            var pSegment = pEnd < 0 ? p : p[..pEnd];
            var qSegment = qEnd < 0 ? q : q[..qEnd];
            if (!(pSegment.SequenceEqual(qSegment) || pSegment is "*" || qSegment is "*"))
            {
                return false;
            }
            if (pEnd < 0 || qEnd < 0)
            {
                return pEnd < 0 && qEnd < 0;
            }
            p = p[(pEnd + 1)..];
            q = q[(qEnd + 1)..];
        }
    }

    /// <summary>A whole object that contains the attacker path (<c>github.event.pull_request</c>) serialises it too.</summary>
    private static bool IsPrefix(string path, string attacker) =>
        attacker.Length > path.Length && attacker[path.Length] == '.' && Matches(path, attacker[..path.Length]);
}
