using System.Text.RegularExpressions;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Pipelines;

/// <summary>Runs people start: a branch or tag from the API, UI or <c>bulwark run trigger</c>, and re-runs of an earlier run.</summary>
internal sealed partial class ManualRuns(BulwarkDbContext db, IRepositoryReader repository, PipelineTriggering triggering, RunCreator creator)
{
    public async Task<Outcome<RunSummary>> TriggerAsync(HttpContext http, string projectName, TriggerRunRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Ref) || request.Ref.Length > 200 || !RefName().IsMatch(request.Ref) || request.Ref.Contains("..", StringComparison.Ordinal))
        {
            return Failure.BadRequest("ref must be a branch or tag name such as 'main', 'refs/heads/main' or 'refs/tags/v1.0'", "ref");
        }
        if (request.Commit is { } given && !CommitId().IsMatch(given))
        {
            return Failure.BadRequest("commit must be a full 40-character hexadecimal commit id", "commit");
        }
        var project = await db.Projects.FirstOrDefaultAsync(p => p.Name == projectName && p.ArchivedAt == null, cancellationToken);
        if (project is null)
        {
            return Failure.NotFound($"no project named '{projectName}'");
        }
        string fullRef;
        string? commit;
        try
        {
            (fullRef, commit) = await ResolveAsync(project, request.Ref, cancellationToken);
        }
        catch (RepositoryReadException ex)
        {
            return new Failure(StatusCodes.Status502BadGateway, $"the repository could not be read: {ex.Message}");
        }
        commit = request.Commit?.ToLowerInvariant() ?? commit;
        if (commit is null)
        {
            return Failure.NotFound($"the repository has no branch or tag '{request.Ref}'");
        }
        var creation = await triggering.TriggerAsync(project, new RunTrigger(RunTrigger.Manual, fullRef, commit, AuditActor.Name(http)), cancellationToken);
        return creation.Run is { } run
            ? RunQueries.Summary(run)
            : Failure.Conflict($"the pipeline does not run for this trigger: {creation.NotTriggeredBecause}");
    }

    /// <summary>
    /// A new run of the same commit, ref and event as an earlier one, with the definition stored in that run: secret
    /// rules and <c>if:</c> conditions decide exactly as they did the first time (a fork's run stays a fork's run).
    /// </summary>
    public async Task<Outcome<RunSummary>> RerunAsync(HttpContext http, Guid runId, CancellationToken cancellationToken)
    {
        var earlier = await db.Runs.Include(r => r.Project).FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (earlier is null)
        {
            return Failure.NotFound("no such run");
        }
        if (earlier.Project!.ArchivedAt is not null)
        {
            return Failure.Conflict("the project is archived");
        }
        var trigger = new RunTrigger(earlier.Event, earlier.Ref, earlier.Commit, AuditActor.Name(http), earlier.FromFork, earlier.PullRequest);
        var creation = earlier.Definition.Length == 0
            ? await triggering.TriggerAsync(earlier.Project, trigger, cancellationToken)
            : await creator.CreateAsync(earlier.Project, trigger, earlier.Definition, cancellationToken);
        return creation.Run is { } run
            ? RunQueries.Summary(run)
            : Failure.Conflict($"the pipeline does not run for this trigger: {creation.NotTriggeredBecause}");
    }

    private async Task<(string FullRef, string? Commit)> ResolveAsync(Projects.Project project, string name, CancellationToken cancellationToken)
    {
        if (name.StartsWith("refs/", StringComparison.Ordinal))
        {
            return (name, await repository.ResolveRefAsync(project, name, cancellationToken));
        }
        foreach (var candidate in new[] { "refs/heads/" + name, "refs/tags/" + name })
        {
            if (await repository.ResolveRefAsync(project, candidate, cancellationToken) is { } commit)
            {
                return (candidate, commit);
            }
        }
        return ("refs/heads/" + name, null);
    }

    [GeneratedRegex("^[A-Za-z0-9._/-]+$")]
    private static partial Regex RefName();

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex CommitId();
}
