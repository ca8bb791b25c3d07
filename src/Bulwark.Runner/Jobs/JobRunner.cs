using System.Globalization;
using Bulwark.Core.Masking;
using Bulwark.Runner.Artifacts;
using Bulwark.Runner.Gates;
using Bulwark.Runner.Logs;
using Bulwark.Runner.Sandbox;

namespace Bulwark.Runner.Jobs;

/// <summary>
/// Runs one leased job: a fresh workspace, the checkout, the steps in order in the sandbox (the first failure
/// skips the rest), the job's timeout over all of it, artifacts after success, and the workspace deleted at the
/// end whatever happened. Everything the session receives has passed the job's secret masker. Step indexes
/// given to the session are 0-based positions in <see cref="JobSpec.Steps"/>.
/// </summary>
internal sealed class JobRunner
{
    private readonly RunnerOptions _options;
    private readonly IWorkspaceCheckout _checkout;
    private readonly ISandboxExecutor _executor;
    private readonly TimeProvider _time;
    private readonly StepRunner _steps;
    private readonly GateStepRunner _gates;

    /// <exception cref="ArgumentException">An option is out of range (see <see cref="RunnerOptions.Validate"/>).</exception>
    public JobRunner(RunnerOptions options, IWorkspaceCheckout checkout, ISandboxExecutor executor, TimeProvider time)
    {
        options.Validate();
        _options = options;
        _checkout = checkout;
        _executor = executor;
        _time = time;
        _steps = new StepRunner(executor);
        _gates = new GateStepRunner(options, executor);
    }

    /// <summary>With the executor the options ask for (<see cref="SandboxExecutors.Create"/>).</summary>
    public JobRunner(RunnerOptions options, IWorkspaceCheckout checkout)
        : this(options, checkout, SandboxExecutors.Create(options, TimeProvider.System), TimeProvider.System)
    {
    }

    public async Task<JobResult> RunAsync(JobSpec spec, IJobSession session, CancellationToken cancellationToken)
    {
        var secretNames = spec.Secrets.Keys.ToList();
        var masker = SecretMasker.Create(secretNames.Select(n => spec.Secrets[n]), out var maskingWarnings);
        await using var log = new JobLog(masker, session, _options.MaxLogBytes, _time);
        foreach (var warning in _executor.Warnings)
        {
            await log.WriteLineAsync(warning, CancellationToken.None);
        }
        foreach (var warning in maskingWarnings)
        {
            await log.WriteLineAsync($"warning: secret {secretNames[warning.ValueIndex]}: {warning.Kind switch
            {
                MaskingWarningKind.TooShort or MaskingWarningKind.TooLong or MaskingWarningKind.Empty => "is NOT masked in this log",
                _ => "is short: it is masked, but easy to guess",
            }} ({warning.Message})", CancellationToken.None);
        }

        var deadline = _time.GetTimestamp() + (long)(spec.Timeout.TotalSeconds * _time.TimestampFrequency);
        var workspace = Workspace.Create(_options.WorkRoot, spec.JobId);
        try
        {
            var result = await RunInWorkspaceAsync(spec, session, workspace, masker, log, deadline, cancellationToken);
            return result with { Reason = result.Reason is null ? null : masker.Mask(result.Reason) };
        }
        finally
        {
            try
            {
                workspace.Delete();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await log.WriteLineAsync($"warning: the workspace could not be deleted completely: {ex.Message}", CancellationToken.None);
            }
        }
    }

    private async Task<JobResult> RunInWorkspaceAsync(JobSpec spec, IJobSession session, Workspace workspace, SecretMasker masker, JobLog log,
        long deadline, CancellationToken cancellationToken)
    {
        if (await CheckoutAsync(spec, workspace, log, deadline, cancellationToken) is { } failedCheckout)
        {
            await SkipAsync(spec, session, 0);
            return failedCheckout;
        }
        var environment = StepEnvironment(spec);
        var gateEnvironment = new Dictionary<string, string>(spec.Env, StringComparer.Ordinal)
        {
            ["BULWARK_RUN_ID"] = environment["BULWARK_RUN_ID"],
            ["BULWARK_JOB"] = environment["BULWARK_JOB"],
        };
        for (var index = 0; index < spec.Steps.Count; index++)
        {
            var step = spec.Steps[index];
            var remaining = Remaining(deadline);
            await session.StepStartedAsync(index, masker.Mask(step.Name), CancellationToken.None);
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"▶ step {index + 1}/{spec.Steps.Count}: {step.Name}"), CancellationToken.None);
            StepOutcome outcome;
            if ((step.Run is null) == (step.Uses is null))
            {
                outcome = new StepOutcome(new StepResult(StepConclusion.Failed, null, TimeSpan.Zero), $"step {index + 1} '{step.Name}' needs exactly one of run and uses");
            }
            else if (remaining <= TimeSpan.Zero)
            {
                outcome = new StepOutcome(new StepResult(StepConclusion.TimedOut, null, TimeSpan.Zero), $"step {index + 1} '{step.Name}' ran into the job's timeout");
            }
            else
            {
                try
                {
                    outcome = step.Uses is not null
                        // Gates get the job's env but not its secrets, except one a gate parameter references by name
                        // (dast's auth-header): what they are not given they cannot leak.
                        ? await _gates.RunAsync(index, step, workspace.Path, workspace.CreateSibling(string.Create(CultureInfo.InvariantCulture, $"gate{index}")),
                            gateEnvironment, spec.Secrets, spec.NetworkEgress, remaining, log, session, masker, cancellationToken)
                        : await _steps.RunAsync(index, step, workspace.Path, environment, spec.NetworkEgress, remaining, log, cancellationToken);
                }
                catch (SandboxException ex)
                {
                    await log.WriteLineAsync("error: the sandbox could not start: " + ex.Message, CancellationToken.None);
                    outcome = new StepOutcome(new StepResult(StepConclusion.Failed, null, TimeSpan.Zero), $"step {index + 1} '{step.Name}' could not start: {ex.Message}");
                }
            }
            await log.FlushAsync(CancellationToken.None);
            await session.StepFinishedAsync(index, outcome.Result, CancellationToken.None);
            if (outcome.Result.Conclusion != StepConclusion.Succeeded)
            {
                await log.WriteLineAsync($"✖ {outcome.Reason}", CancellationToken.None);
                await SkipAsync(spec, session, index + 1);
                return outcome.Result.Conclusion switch
                {
                    StepConclusion.TimedOut => new JobResult(JobConclusion.TimedOut, $"the job timed out after {spec.Timeout}"),
                    StepConclusion.Cancelled => new JobResult(JobConclusion.Cancelled, "the job was cancelled"),
                    _ => new JobResult(JobConclusion.Failed, outcome.Reason),
                };
            }
        }
        return await UploadArtifactsAsync(spec, session, workspace, log, deadline, cancellationToken);
    }

    private async Task<JobResult?> CheckoutAsync(JobSpec spec, Workspace workspace, JobLog log, long deadline, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(Remaining(deadline), _time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        await log.WriteLineAsync($"▶ checkout {spec.Checkout.Commit}", CancellationToken.None);
        try
        {
            await _checkout.CheckoutAsync(spec.Checkout, workspace.Path, log.WriteLineAsync, both.Token);
            _executor.GrantWrite(workspace.Path);
            return null;
        }
        catch (OperationCanceledException) when (both.IsCancellationRequested)
        {
            return cancellationToken.IsCancellationRequested
                ? new JobResult(JobConclusion.Cancelled, "the job was cancelled")
                : new JobResult(JobConclusion.TimedOut, $"the job timed out after {spec.Timeout} during checkout");
        }
        catch (Exception ex) when (ex is CheckoutException or SandboxException)
        {
            await log.WriteLineAsync("error: checkout failed: " + ex.Message, CancellationToken.None);
            return new JobResult(JobConclusion.Failed, "checkout failed: " + ex.Message);
        }
    }

    private async Task<JobResult> UploadArtifactsAsync(JobSpec spec, IJobSession session, Workspace workspace, JobLog log, long deadline, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(Remaining(deadline), _time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            var files = ArtifactCollector.Collect(workspace.Path, spec.Artifacts, _options.MaxArtifacts, _options.MaxArtifactBytes);
            if (spec.Artifacts.Count > 0)
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"▶ artifacts: {files.Count} file(s)"), CancellationToken.None);
            }
            foreach (var file in files)
            {
                string? skipped = null;
                var uploaded = await ArtifactUploader.UploadAsync(file, session, reason => skipped = reason, both.Token);
                await log.WriteLineAsync(uploaded is var (sha256, length)
                    ? string.Create(CultureInfo.InvariantCulture, $"  {file.RelativePath} ({length} bytes, sha256 {sha256})")
                    : $"  {file.RelativePath} skipped: {skipped}", CancellationToken.None);
            }
            await log.WriteLineAsync("✔ job succeeded", CancellationToken.None);
            return new JobResult(JobConclusion.Succeeded, null);
        }
        catch (OperationCanceledException) when (both.IsCancellationRequested)
        {
            return cancellationToken.IsCancellationRequested
                ? new JobResult(JobConclusion.Cancelled, "the job was cancelled")
                : new JobResult(JobConclusion.TimedOut, $"the job timed out after {spec.Timeout} while uploading artifacts");
        }
        catch (Exception ex) when (ex is ArtifactException or IOException)
        {
            await log.WriteLineAsync("error: " + ex.Message, CancellationToken.None);
            return new JobResult(JobConclusion.Failed, ex.Message);
        }
    }

    private static async Task SkipAsync(JobSpec spec, IJobSession session, int from)
    {
        for (var index = from; index < spec.Steps.Count; index++)
        {
            await session.StepFinishedAsync(index, new StepResult(StepConclusion.Skipped, null, TimeSpan.Zero), CancellationToken.None);
        }
    }

    /// <summary>The job's env, then its secrets under their own names, then the run's identity.</summary>
    private static Dictionary<string, string> StepEnvironment(JobSpec spec)
    {
        var environment = new Dictionary<string, string>(spec.Env, StringComparer.Ordinal);
        foreach (var (name, value) in spec.Secrets)
        {
            environment[name] = value;
        }
        environment["BULWARK_RUN_ID"] = spec.RunId.ToString("D");
        environment["BULWARK_JOB"] = spec.Job;
        return environment;
    }

    private TimeSpan Remaining(long deadline)
    {
        var left = deadline - _time.GetTimestamp();
        return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)left / _time.TimestampFrequency);
    }
}
