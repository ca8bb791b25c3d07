using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Bulwark.Runner.Jobs;
using Bulwark.Runner.Remote;
using Bulwark.Scanning.PipelineConfig.Definition;
using Bulwark.Server.Access;
using Bulwark.Server.Artifacts;
using Bulwark.Server.Operations;
using Bulwark.Server.Runs;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bulwark.Server.Runners;

/// <summary>
/// <c>/api/v1/runner/jobs</c>: what remote runners call. <c>/lease</c> (runner credential) long-polls the queue with
/// the runner's labels and hands out a job with a fresh per-job token; everything under <c>/{jobId}</c> takes that
/// token only, and does for the job what <see cref="DatabaseJobSession"/> does for the embedded runner's. A runner is
/// a machine that may be compromised, so every body is bounded and checked here, as any other untrusted input.
/// </summary>
internal static class RunnerJobsApi
{
    /// <summary>A job token outlives its job's timeout by this much: time for the last log lines, artifacts and the result.</summary>
    public static readonly TimeSpan TokenGrace = TimeSpan.FromMinutes(15);

    public const int HeartbeatSeconds = 10;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public static RouteGroupBuilder MapRunnerJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/runner/jobs").WithTags("Runner");
        jobs.MapPost("/lease", LeaseAsync).RequirePermission(Permission.RunnerAgent).Produces<LeasedJob>().Produces(StatusCodes.Status204NoContent);
        var job = jobs.MapGroup("/{jobId}");
        job.MapGet("/secrets", SecretsAsync).RequirePermission(Permission.RunnerJob).Produces<JobSecrets>();
        job.MapPost("/heartbeat", HeartbeatAsync).RequirePermission(Permission.RunnerJob).Produces<HeartbeatAnswer>();
        job.MapPost("/log", LogAsync).RequirePermission(Permission.RunnerJob);
        job.MapPost("/steps/{index}/started", StepStartedAsync).RequirePermission(Permission.RunnerJob);
        job.MapPost("/steps/{index}/finished", StepFinishedAsync).RequirePermission(Permission.RunnerJob);
        job.MapPost("/gates", GateAsync).RequirePermission(Permission.RunnerJob);
        job.MapPost("/artifacts", ArtifactAsync).RequirePermission(Permission.RunnerJob);
        job.MapPost("/complete", CompleteAsync).RequirePermission(Permission.RunnerJob);
        job.MapPost("/release", ReleaseAsync).RequirePermission(Permission.RunnerJob);
        return api;
    }

    /// <summary>
    /// Leases the oldest ready job the runner's labels cover, waiting up to <paramref name="wait"/> seconds (at most
    /// <see cref="RunnerProtocol.MaxLeaseWaitSeconds"/>) for one: woken at once by jobs made ready in this process, and
    /// polling for those of other server instances. A runner that went away before it got its job gives it back.
    /// </summary>
    private static async Task<IResult> LeaseAsync(HttpContext http, BulwarkDbContext db, JobQueue queue, JobDispatch dispatch, JobSignal signal,
        TimeProvider time, IHostApplicationLifetime lifetime, int? wait)
    {
        if (wait is < 0 or > RunnerProtocol.MaxLeaseWaitSeconds)
        {
            return Problems.BadRequest($"wait must be 0-{RunnerProtocol.MaxLeaseWaitSeconds} seconds", "wait");
        }
        var runnerId = http.User.FindFirstValue(RunnerSchemes.RunnerIdClaim)!;
        var runner = await db.Runners.AsNoTracking().FirstAsync(r => r.Id == runnerId, http.RequestAborted);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var started = time.GetTimestamp();
        var limit = TimeSpan.FromSeconds(wait ?? RunnerProtocol.MaxLeaseWaitSeconds);
        while (true)
        {
            var wake = signal.Next;
            // Not cancellable from here on: a claim must either reach the runner or be handed back, never be dropped half way.
            if (await queue.LeaseAsync(runner.LeaseHolder, runner.LabelList, CancellationToken.None) is { } lease)
            {
                if (await HandOutAsync(http, db, queue, dispatch, time, runner, lease) is { } handedOut)
                {
                    return handedOut;
                }
                continue;
            }
            var left = limit - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || stop.IsCancellationRequested)
            {
                return TypedResults.NoContent();
            }
            try
            {
                await wake.WaitAsync(left < PollInterval ? left : PollInterval, time, stop.Token);
            }
            catch (TimeoutException)
            {
                // Poll again: another server instance may have made a job ready.
            }
            catch (OperationCanceledException)
            {
                return TypedResults.NoContent();
            }
        }
    }

    /// <summary>The answer for a fresh lease, or null when this lease came to nothing (the caller leases again).</summary>
    private static async Task<IResult?> HandOutAsync(HttpContext http, BulwarkDbContext db, JobQueue queue, JobDispatch dispatch, TimeProvider time,
        RegisteredRunner runner, JobLease lease)
    {
        var (job, problem) = await dispatch.DescribeAsync(lease.JobId, CancellationToken.None);
        if (job is null)
        {
            await queue.CompleteAsync(lease.JobId, runner.LeaseHolder, new JobResult(JobConclusion.Failed, problem), CancellationToken.None);
            return null;
        }
        var expires = time.GetUtcNow().UtcDateTime + job.Spec.Timeout + TokenGrace;
        var token = await queue.IssueJobTokenAsync(lease.JobId, runner.LeaseHolder, expires, CancellationToken.None);
        if (token is null)
        {
            return null;
        }
        // Disabled while it waited, or gone before the answer: the job goes back to the queue untouched.
        var disabled = await db.Runners.AsNoTracking().AnyAsync(r => r.Id == runner.Id && r.DisabledAt != null, CancellationToken.None);
        if (disabled || http.RequestAborted.IsCancellationRequested)
        {
            await queue.HandBackAsync(lease.JobId, runner.LeaseHolder, CancellationToken.None);
            return disabled ? Problems.Result(StatusCodes.Status401Unauthorized, "authentication required", RunnerSchemes.Hint(RunnerSchemes.Runner)) : TypedResults.NoContent();
        }
        return TypedResults.Ok(new LeasedJob(lease.JobId, lease.RunId, lease.Job, lease.Attempt, token, expires, HeartbeatSeconds, job.Spec, job.SecretNames));
    }

    private static async Task<IResult> SecretsAsync(HttpContext http, JobDispatch dispatch, CancellationToken cancellationToken)
    {
        var (secrets, problem) = await dispatch.SecretsAsync(JobId(http), cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return secrets is null ? Problems.Conflict(problem!) : TypedResults.Ok(new JobSecrets(secrets));
    }

    private static async Task<IResult> HeartbeatAsync(HttpContext http, JobQueue queue, CancellationToken cancellationToken)
    {
        var state = await queue.RenewAsync(JobId(http), Holder(http), cancellationToken);
        return TypedResults.Ok(new HeartbeatAnswer(state switch
        {
            LeaseState.Held => RunnerProtocol.HeartbeatHeld,
            LeaseState.CancelRequested => RunnerProtocol.HeartbeatCancel,
            _ => RunnerProtocol.HeartbeatLost,
        }));
    }

    private static async Task<IResult> LogAsync(HttpContext http, IServiceScopeFactory scopes, TimeProvider time)
    {
        if (await ReadBodyAsync(http, RunnerProtocol.MaxLogBytesPerRequest) is not { } text)
        {
            return TooLarge($"a log chunk holds at most {RunnerProtocol.MaxLogBytesPerRequest} bytes; send several");
        }
        await Session(http, scopes, time).AppendLogAsync(text, http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> StepStartedAsync(string index, StepStarted request, HttpContext http, IServiceScopeFactory scopes, TimeProvider time)
    {
        if (StepIndex(index) is not { } step)
        {
            return BadStep();
        }
        await Session(http, scopes, time).StepStartedAsync(step, Clean(request.Name ?? "", 256), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> StepFinishedAsync(string index, StepFinished request, HttpContext http, IServiceScopeFactory scopes, TimeProvider time)
    {
        if (StepIndex(index) is not { } step)
        {
            return BadStep();
        }
        var duration = TimeSpan.FromMilliseconds(Math.Clamp(request.DurationMilliseconds, 0, (long)TimeSpan.FromDays(2).TotalMilliseconds));
        await Session(http, scopes, time).StepFinishedAsync(step, new StepResult(request.Conclusion, request.ExitCode, duration), http.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>A gate step's report: the body is the engine's JSON report (stored as it is, so it must be JSON).</summary>
    private static async Task<IResult> GateAsync(HttpContext http, IServiceScopeFactory scopes, TimeProvider time, int step, string gate, bool passed)
    {
        if (step is < 0 || step >= PipelineLimits.Default.MaxSteps)
        {
            return BadStep();
        }
        if (gate.Length is 0 or > 64 || !gate.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '_' or '.'))
        {
            return Problems.BadRequest("gate must be a gate name (1-64 letters, digits, '-', '/', '_' or '.')", "gate");
        }
        if (await ReadBodyAsync(http, RunnerProtocol.MaxGateReportBytes) is not { } body)
        {
            return TooLarge($"a gate report holds at most {RunnerProtocol.MaxGateReportBytes} bytes");
        }
        try
        {
            using var _ = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException)
        {
            return Problems.BadRequest("the gate report is not a JSON document");
        }
        await Session(http, scopes, time).ReportGateAsync(step, gate, passed, Encoding.UTF8.GetString(body.Span), http.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>Streams one artifact into the blob store, which checks the declared SHA-256 and length as it goes.</summary>
    private static async Task<IResult> ArtifactAsync(HttpContext http, ArtifactStore artifacts, string path)
    {
        if (http.Request.ContentLength is not { } length)
        {
            return Problems.BadRequest("an artifact upload needs a Content-Length");
        }
        string? sha256 = http.Request.Headers[RunnerProtocol.Sha256Header];
        if (string.IsNullOrEmpty(sha256))
        {
            return Problems.BadRequest($"an artifact upload needs its SHA-256 in the {RunnerProtocol.Sha256Header} header");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = artifacts.Limits.MaxFileBytes;
        }
        try
        {
            await artifacts.SaveAsync(JobId(http), path, sha256, length, http.Request.Body, http.RequestAborted);
        }
        catch (ArtifactRejectedException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CompleteAsync(JobCompletion request, HttpContext http, JobQueue queue)
    {
        var reason = request.Reason is null ? null : Clean(request.Reason, 4096, keepNewlines: true);
        // Not cancellable: once the runner has said how the job ended, the run moves on even if it hangs up.
        return await queue.CompleteAsync(JobId(http), Holder(http), new JobResult(request.Conclusion, reason), CancellationToken.None)
            ? TypedResults.NoContent()
            : Problems.Conflict("this runner no longer holds the job");
    }

    private static async Task<IResult> ReleaseAsync(HttpContext http, JobQueue queue) =>
        await queue.HandBackAsync(JobId(http), Holder(http), CancellationToken.None)
            ? TypedResults.NoContent()
            : Problems.Conflict("this runner no longer holds the job");

    private static Guid JobId(HttpContext http) => Guid.Parse(http.User.FindFirstValue(RunnerSchemes.JobIdClaim)!, CultureInfo.InvariantCulture);

    private static string Holder(HttpContext http) => RegisteredRunner.LeaseHolderPrefix + http.User.FindFirstValue(RunnerSchemes.RunnerIdClaim);

    private static DatabaseJobSession Session(HttpContext http, IServiceScopeFactory scopes, TimeProvider time) => new(scopes, JobId(http), time);

    private static int? StepIndex(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < PipelineLimits.Default.MaxSteps ? index : null;

    private static IResult BadStep() => Problems.BadRequest($"the step index must be 0-{PipelineLimits.Default.MaxSteps - 1}", "index");

    private static IResult TooLarge(string detail) => Problems.Result(StatusCodes.Status413PayloadTooLarge, "request too large", detail);

    /// <summary>
    /// Text a runner sends for people to read (step names, reasons): control and invisible formatting characters become
    /// spaces (no bidi tricks in the UI; newlines may stay in reasons), a lone surrogate becomes U+FFFD (databases store
    /// UTF-8), and the text is cut to <paramref name="max"/> characters.
    /// </summary>
    private static string Clean(string text, int max, bool keepNewlines = false) => string.Create(Math.Min(text.Length, max), text, (span, source) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            var c = source[i];
            if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                span[i] = c;
                if (i + 1 < span.Length)
                {
                    span[++i] = source[i];
                }
                else
                {
                    span[i] = '\uFFFD';
                }
                continue;
            }
            span[i] = char.IsSurrogate(c) ? '\uFFFD'
                : !(keepNewlines && c == '\n') && char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator ? ' '
                : c;
        }
    });

    /// <summary>The whole body, or null when it is larger than <paramref name="max"/> bytes (read no further than that).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext http, int max)
    {
        if (http.Request.ContentLength > max)
        {
            return null;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1L;
        }
        var buffer = new byte[(int)Math.Min(http.Request.ContentLength ?? 64 * 1024, max) + 1];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > max)
                {
                    return null;
                }
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, max + 1L));
            }
            var read = await http.Request.Body.ReadAsync(buffer.AsMemory(total), http.RequestAborted);
            if (read == 0)
            {
                return buffer.AsMemory(0, total);
            }
            total += read;
        }
    }
}
