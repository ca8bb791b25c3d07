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
/// definition, and the secrets the job declared, decrypted now (and audited) only if its rules allow them.
/// </summary>
internal sealed class JobDispatch(BulwarkDbContext db, SecretAccess secrets)
{
    /// <summary>The spec, or null with a reason when the job cannot start (the caller fails the job with it).</summary>
    public async Task<(JobSpec? Spec, string? Problem)> PrepareAsync(JobLease lease, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().Include(r => r.Project).FirstAsync(r => r.Id == lease.RunId, cancellationToken);
        var project = run.Project!;
        if (PipelineParser.Parse(run.Definition).Definition?.Jobs.FirstOrDefault(j => j.Name == lease.Job) is not { } job)
        {
            return (null, "the run's pipeline definition no longer parses");
        }
        var trigger = new RunTrigger(run.Event, run.Ref, run.Commit, run.TriggeredBy, run.FromFork, run.PullRequest);
        IReadOnlyList<JobSecret> granted = [];
        if (job.Secrets.Count > 0)
        {
            granted = await secrets.ResolveForJobAsync(new JobSecretRequest(
                run.Id.ToString(), job.Name, "(job start)", project.Name, job.Environment, trigger.ShortRef,
                RefIsProtected: ProtectedRefs.IsProtected(project, trigger), run.Event, run.FromFork, run.ApprovedByMaintainer)
            {
                Names = job.Secrets.ToHashSet(StringComparer.Ordinal),
            }, cancellationToken);
        }
        var spec = new JobSpec
        {
            RunId = run.Id,
            JobId = lease.JobId,
            Project = project.Name,
            Job = job.Name,
            Checkout = new JobCheckout { RepositoryUrl = project.RepositoryUrl, Commit = run.Commit, Ref = run.Ref },
            Steps = job.Steps.Select((s, i) => new JobStep
            {
                Name = s.Name ?? (s.Uses is { } gate ? PipelineDefaults.GatePrefix + gate : StepTitle(s.Run!)),
                Run = s.Run,
                Uses = s.Uses,
                With = s.With,
            }).ToList(),
            Env = job.Env,
            Secrets = granted.ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal),
            NetworkEgress = job.Network == JobNetwork.Egress,
            Timeout = job.Timeout,
            Artifacts = job.Artifacts,
        };
        return (spec, null);
    }

    /// <summary>An unnamed <c>run:</c> step is shown by its first command line, shortened.</summary>
    private static string StepTitle(string script)
    {
        var first = script.AsSpan().Trim();
        var end = first.IndexOfAny('\r', '\n');
        var line = (end < 0 ? first : first[..end]).ToString();
        return line.Length <= 60 ? line : line[..57] + "...";
    }
}
