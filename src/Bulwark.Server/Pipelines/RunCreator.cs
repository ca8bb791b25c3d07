using Bulwark.Scanning.PipelineConfig.Definition;
using Bulwark.Server.Audit;
using Bulwark.Server.Projects;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Pipelines;

/// <summary>
/// Turns a trigger and the commit's <c>.bulwark.yml</c> into a run with its jobs. Jobs without needs are queued at
/// once; jobs whose <c>if:</c> is false, and environment jobs of fork pull requests, are skipped from the start.
/// An invalid definition still makes a (failed) run, so the author sees the errors where they look for results.
/// </summary>
internal sealed class RunCreator(BulwarkDbContext db, AuditLog audit, TimeProvider time, JobSignal signal)
{
    /// <summary>The largest <c>.bulwark.yml</c> accepted; the parser's own limits apply within it.</summary>
    public const int MaxDefinitionBytes = 256 * 1024;

    /// <summary>
    /// Creates the run, or returns why none was created (the triggers do not ask for one). A null
    /// <paramref name="definition"/> means the commit has no <c>.bulwark.yml</c>.
    /// </summary>
    public async Task<RunCreation> CreateAsync(Project project, RunTrigger trigger, string? definition, CancellationToken cancellationToken)
    {
        if (definition is null)
        {
            return trigger.Event == RunTrigger.Manual
                ? await SaveAsync(project, trigger, "", "the commit has no .bulwark.yml", [], cancellationToken)
                : RunCreation.NotTriggered("the commit has no .bulwark.yml");
        }
        var parsed = PipelineParser.Parse(definition);
        if (parsed.Definition is not { } pipeline)
        {
            var errors = string.Join("; ", parsed.Errors.Take(20).Select(e => $".bulwark.yml:{e.Line}:{e.Column}: {e.Message}"));
            return await SaveAsync(project, trigger, definition, $"invalid pipeline definition: {errors}", [], cancellationToken);
        }
        if (TriggerMatch.WhyNot(pipeline.Triggers, trigger) is { } whyNot)
        {
            return RunCreation.NotTriggered(whyNot);
        }
        return await SaveAsync(project, trigger, definition, null, PlanJobs(project, pipeline, trigger), cancellationToken);
    }

    /// <summary>Records a run that failed before it could be planned (the repository could not be read).</summary>
    public Task<RunCreation> CreateFailedAsync(Project project, RunTrigger trigger, string reason, CancellationToken cancellationToken) =>
        SaveAsync(project, trigger, "", reason, [], cancellationToken);

    private List<RunJob> PlanJobs(Project project, PipelineDefinition pipeline, RunTrigger trigger)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var context = new ConditionContext(trigger.Branch ?? "", trigger.TagName ?? "", trigger.Event);
        var jobs = new List<RunJob>(pipeline.Jobs.Count);
        foreach (var (definition, ordinal) in pipeline.Jobs.Select((j, i) => (j, i)))
        {
            var job = new RunJob
            {
                Id = Guid.CreateVersion7(),
                Name = definition.Name,
                Ordinal = ordinal,
                Needs = string.Join(',', definition.Needs),
                Labels = string.Join(',', definition.RunsOn),
                Environment = definition.Environment,
                ConcurrencyGroup = definition.Environment is { } environment ? $"{project.Name}/{environment}" : null,
                Status = definition.Needs.Count == 0 ? JobStatus.Queued : JobStatus.Pending,
            };
            if (definition.If is { } condition && !condition.Evaluate(context))
            {
                (job.Status, job.Reason) = (JobStatus.Skipped, "its if: condition is false for this event");
            }
            else if (trigger.FromFork && definition.Environment is not null)
            {
                (job.Status, job.Reason) = (JobStatus.Skipped, "pull requests from forks cannot use environments");
            }
            if (job.Status == JobStatus.Queued)
            {
                job.QueuedAt = now;
            }
            else if (job.Status == JobStatus.Skipped)
            {
                job.FinishedAt = now;
            }
            jobs.Add(job);
        }
        // Jobs that need a skipped job are skipped too, transitively; the rest wait for their needs.
        RunProgress.PropagateSkips(jobs, now);
        return jobs;
    }

    private async Task<RunCreation> SaveAsync(Project project, RunTrigger trigger, string definition, string? failure, List<RunJob> jobs, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            var number = (await db.Runs.Where(r => r.ProjectId == project.Id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? 0) + 1;
            var run = new PipelineRun
            {
                Id = Guid.CreateVersion7(),
                ProjectId = project.Id,
                Number = number,
                Event = trigger.Event,
                Ref = trigger.Ref,
                Commit = trigger.Commit,
                FromFork = trigger.FromFork,
                PullRequest = trigger.PullRequest,
                TriggeredBy = trigger.TriggeredBy,
                Definition = definition,
                Reason = failure,
                CreatedAt = now,
                Jobs = jobs,
            };
            run.Status = failure is not null ? RunStatus.Failed : RunProgress.StatusOf(run.Jobs, cancelRequested: false);
            if (run.Status is not (RunStatus.Queued or RunStatus.Running))
            {
                run.FinishedAt = now;
            }
            db.Runs.Add(run);
            try
            {
                await audit.AppendAsync(db, new AuditEvent(AuditActions.RunCreated)
                {
                    ActorName = trigger.TriggeredBy,
                    Target = $"project:{project.Name}/run:{number}",
                    Details = new Dictionary<string, string?> { ["event"] = trigger.Event, ["ref"] = trigger.Ref, ["commit"] = trigger.Commit, ["fork"] = trigger.FromFork ? "true" : null },
                }, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another request took the same run number at the same moment: take the next one.
                db.ChangeTracker.Clear();
                db.Attach(project);
                continue;
            }
            signal.Pulse();
            return RunCreation.Created(run);
        }
    }
}

/// <summary>The outcome of <see cref="RunCreator.CreateAsync"/>: a run, or why the event starts none.</summary>
internal sealed record RunCreation(PipelineRun? Run, string? NotTriggeredBecause)
{
    public static RunCreation Created(PipelineRun run) => new(run, null);

    public static RunCreation NotTriggered(string reason) => new(null, reason);
}
