using Bulwark.Runner.Jobs;
using Bulwark.Scanning.PipelineConfig.Definition;
using Bulwark.Server.Pipelines;
using Bulwark.Server.Runs;
using Bulwark.Server.Secrets;
using Bulwark.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Runners;

/// <summary>
/// Turns a leased job into the <see cref="JobSpec"/> a runner executes: the step list from the run's stored
/// definition, and the secrets the job declared, decrypted (and audited) only if its rules allow them. The embedded
/// runner gets both at once (<see cref="PrepareAsync"/>); a remote runner gets the spec without secret values with its
/// lease (<see cref="DescribeAsync"/>) and fetches the values with its job token (<see cref="SecretsAsync"/>), so the
/// same rules and the same audit entries apply to both.
/// </summary>
internal sealed class JobDispatch(BulwarkDbContext db, SecretAccess secrets, CheckoutCredentials credentials)
{
    /// <summary>The spec with its secrets, or null with a reason when the job cannot start (the caller fails the job with it).</summary>
    public async Task<(JobSpec? Spec, string? Problem)> PrepareAsync(JobLease lease, CancellationToken cancellationToken)
    {
        var (job, problem) = await LoadAsync(lease.JobId, cancellationToken);
        return job is null ? (null, problem) : (job.Spec with { Secrets = await ResolveAsync(job, cancellationToken) }, null);
    }

    /// <summary>The spec without any secret value, and the names of the secrets the job declared (remote runners).</summary>
    public async Task<(DispatchedJob? Job, string? Problem)> DescribeAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var (job, problem) = await LoadAsync(jobId, cancellationToken);
        return job is null ? (null, problem) : (new DispatchedJob(job.Spec, job.Request?.Names?.Order(StringComparer.Ordinal).ToList() ?? []), null);
    }

    /// <summary>The job's secrets by name, decrypted now and audited as reads; only those its rules allow (none for a fork).</summary>
    public async Task<(IReadOnlyDictionary<string, string>? Secrets, string? Problem)> SecretsAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var (job, problem) = await LoadAsync(jobId, cancellationToken);
        return job is null ? (null, problem) : (await ResolveAsync(job, cancellationToken), null);
    }

    private async Task<Dictionary<string, string>> ResolveAsync(LoadedJob job, CancellationToken cancellationToken)
    {
        if (job.Request is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
        var granted = await secrets.ResolveForJobAsync(job.Request, cancellationToken);
        return granted.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
    }

    private async Task<(LoadedJob? Job, string? Problem)> LoadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var leased = await db.RunJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => new { j.RunId, j.Name }).FirstOrDefaultAsync(cancellationToken);
        if (leased is null)
        {
            return (null, "the job no longer exists");
        }
        var run = await db.Runs.AsNoTracking().Include(r => r.Project).FirstAsync(r => r.Id == leased.RunId, cancellationToken);
        var project = run.Project!;
        if (PipelineParser.Parse(run.Definition).Definition?.Jobs.FirstOrDefault(j => j.Name == leased.Name) is not { } job)
        {
            return (null, "the run's pipeline definition no longer parses");
        }
        var trigger = new RunTrigger(run.Event, run.Ref, run.Commit, run.TriggeredBy, run.FromFork, run.PullRequest);
        var request = job.Secrets.Count == 0 ? null : new JobSecretRequest(
            run.Id.ToString(), job.Name, "(job start)", project.Name, job.Environment, trigger.ShortRef,
            RefIsProtected: ProtectedRefs.IsProtected(project, trigger), run.Event, run.FromFork, run.ApprovedByMaintainer)
        {
            Names = job.Secrets.ToHashSet(StringComparer.Ordinal),
        };
        JobCheckout checkout;
        try
        {
            checkout = await credentials.ForAsync(project, run.Commit, run.Ref, run.Id, job.Name, cancellationToken);
        }
        catch (RepositoryReadException ex)
        {
            return (null, "cannot check out the repository: " + ex.Message);
        }
        var spec = new JobSpec
        {
            RunId = run.Id,
            JobId = jobId,
            Project = project.Name,
            Job = job.Name,
            Checkout = checkout,
            Steps = job.Steps.Select((s, i) => new JobStep
            {
                Name = s.Name ?? (s.Uses is { } gate ? PipelineDefaults.GatePrefix + gate : StepTitle(s.Run!)),
                Run = s.Run,
                Uses = s.Uses,
                With = s.With,
            }).ToList(),
            Env = job.Env,
            NetworkEgress = job.Network == JobNetwork.Egress,
            Timeout = job.Timeout,
            Artifacts = job.Artifacts,
        };
        return (new LoadedJob(spec, request), null);
    }

    /// <summary>An unnamed <c>run:</c> step is shown by its first command line, shortened.</summary>
    private static string StepTitle(string script)
    {
        var first = script.AsSpan().Trim();
        var end = first.IndexOfAny('\r', '\n');
        var line = (end < 0 ? first : first[..end]).ToString();
        return line.Length <= 60 ? line : line[..57] + "...";
    }

    private sealed record LoadedJob(JobSpec Spec, JobSecretRequest? Request);
}

/// <summary>A job as a remote runner receives it with its lease: the spec without secret values, and the secret names it declared.</summary>
internal sealed record DispatchedJob(JobSpec Spec, IReadOnlyList<string> SecretNames);
