using System.Text;
using Bulwark.Server.Access;
using Bulwark.Server.Audit;
using Bulwark.Server.Operations;
using Bulwark.Server.Pipelines;
using Bulwark.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Bulwark.Server.Runs;

/// <summary>
/// Runs: list and trigger per project, read a run with its jobs, read or follow a job's log (plain text or
/// server-sent events), cancel and re-run. Logs are stored masked; nothing here ever holds a secret value.
/// </summary>
internal static class RunsApi
{
    private static readonly TimeSpan StreamPoll = TimeSpan.FromMilliseconds(250);

    public static RouteGroupBuilder MapRunsApi(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects/{name}/runs").WithTags("Runs");
        projects.MapGet("/", ListAsync).RequirePermission(Permission.ProjectRead).Produces<RunSummary[]>();
        projects.MapPost("/", TriggerAsync).RequirePermission(Permission.RunTrigger).Produces<RunSummary>(StatusCodes.Status201Created);
        var runs = api.MapGroup("/runs/{runId}").WithTags("Runs");
        runs.MapGet("/", GetAsync).RequireRunPermission(Permission.ProjectRead).Produces<RunDetails>();
        runs.MapGet("/jobs/{job}/log", LogAsync).RequireRunPermission(Permission.ProjectRead).Produces<string>(contentType: "text/plain");
        runs.MapGet("/jobs/{job}/log/stream", StreamLogAsync).RequireRunPermission(Permission.ProjectRead).Produces<string>(contentType: "text/event-stream");
        runs.MapGet("/jobs/{job}/gates", GatesAsync).RequireRunPermission(Permission.ProjectRead);
        runs.MapPost("/cancel", CancelAsync).RequireRunPermission(Permission.RunTrigger).Produces<RunDetails>();
        runs.MapPost("/rerun", RerunAsync).RequireRunPermission(Permission.RunTrigger).Produces<RunSummary>(StatusCodes.Status201Created);
        return api;
    }

    private static async Task<IResult> ListAsync(string name, RunQueries runs, CancellationToken cancellationToken, int limit = 50) =>
        TypedResults.Ok(await runs.ListAsync(name, limit, cancellationToken));

    private static async Task<IResult> TriggerAsync(string name, TriggerRunRequest request, HttpContext http, ManualRuns manual, CancellationToken cancellationToken) =>
        (await manual.TriggerAsync(http, name, request, cancellationToken)).ToResult(r => TypedResults.Created($"/api/v1/runs/{r.Id}", r));

    private static async Task<IResult> GetAsync(Guid runId, RunQueries runs, CancellationToken cancellationToken) =>
        await runs.GetAsync(runId, cancellationToken) is { } run ? TypedResults.Ok(run) : Problems.NotFound("no such run");

    private static async Task<IResult> LogAsync(Guid runId, string job, RunQueries runs, JobLogStore logs, CancellationToken cancellationToken)
    {
        if (await runs.JobIdAsync(runId, job, cancellationToken) is not { } jobId)
        {
            return Problems.NotFound("no such job in this run");
        }
        return TypedResults.Bytes(await logs.ReadAsync(jobId, cancellationToken), "text/plain; charset=utf-8");
    }

    /// <summary>
    /// Server-sent events: each <c>log</c> event carries new log text (one <c>data:</c> line per log line), and a
    /// final <c>end</c> event carries the job's status. Chunks are followed by sequence while the job runs; when it
    /// ends, the rest is read from the archive by byte offset, so nothing is lost when chunks are compacted.
    /// </summary>
    private static async Task StreamLogAsync(Guid runId, string job, HttpContext http, RunQueries runs, JobLogStore logs, TimeProvider time)
    {
        var cancellationToken = http.RequestAborted;
        if (await runs.JobIdAsync(runId, job, cancellationToken) is not { } jobId)
        {
            await Problems.NotFound("no such job in this run").ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        long sent = 0;
        var sequence = 0;
        var lines = new LogLineBuffer();
        try
        {
            while (true)
            {
                var status = await runs.JobStatusAsync(jobId, cancellationToken);
                if (status is null || status.Value.IsFinished())
                {
                    var whole = await logs.ReadAsync(jobId, cancellationToken);
                    await WriteEventAsync(http, "log", whole.AsMemory((int)Math.Min(sent, whole.Length)), cancellationToken);
                    await WriteEventAsync(http, "end", Encoding.UTF8.GetBytes((status ?? JobStatus.Cancelled).ToString().ToLowerInvariant()), cancellationToken);
                    return;
                }
                foreach (var chunk in await logs.ChunksAfterAsync(jobId, sequence, cancellationToken))
                {
                    var complete = lines.Add(chunk.Data);
                    await WriteEventAsync(http, "log", complete, cancellationToken);
                    sent += complete.Length;
                    sequence = chunk.Sequence;
                }
                await http.Response.Body.FlushAsync(cancellationToken);
                await Task.Delay(StreamPoll, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task WriteEventAsync(HttpContext http, string name, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty && name == "log")
        {
            return;
        }
        var text = Encoding.UTF8.GetString(data.Span);
        var builder = new StringBuilder(text.Length + 32).Append("event: ").Append(name).Append('\n');
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            builder.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }
        builder.Append('\n');
        await http.Response.WriteAsync(builder.ToString(), cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static async Task<IResult> GatesAsync(Guid runId, string job, RunQueries runs, CancellationToken cancellationToken)
    {
        if (await runs.JobIdAsync(runId, job, cancellationToken) is not { } jobId)
        {
            return Problems.NotFound("no such job in this run");
        }
        var reports = await runs.GateReportsAsync(jobId, cancellationToken);
        // The engines' JSON is passed through as it is, not re-serialised.
        var body = new StringBuilder("[");
        foreach (var (report, i) in reports.Select((r, i) => (r, i)))
        {
            body.Append(i == 0 ? "" : ",").Append("{\"step\":").Append(report.StepIndex).Append(",\"gate\":")
                .Append(System.Text.Json.JsonSerializer.Serialize(report.Gate)).Append(",\"passed\":").Append(report.Passed ? "true" : "false")
                .Append(",\"report\":").Append(report.ReportJson).Append('}');
        }
        return TypedResults.Text(body.Append(']').ToString(), "application/json");
    }

    private static async Task<IResult> CancelAsync(Guid runId, HttpContext http, RunCancellation cancellation, RunQueries runs, CancellationToken cancellationToken)
    {
        var cancelled = await cancellation.CancelAsync(http, runId, cancellationToken);
        return await runs.GetAsync(runId, cancellationToken) is not { } run ? Problems.NotFound("no such run")
            : cancelled ? TypedResults.Ok(run)
            : Problems.Conflict("the run has already finished or is being cancelled");
    }

    private static async Task<IResult> RerunAsync(Guid runId, HttpContext http, ManualRuns manual, CancellationToken cancellationToken) =>
        (await manual.RerunAsync(http, runId, cancellationToken)).ToResult(r => TypedResults.Created($"/api/v1/runs/{r.Id}", r));
}
