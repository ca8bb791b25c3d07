using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Bulwark.Runner.Artifacts;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Remote;

/// <summary>
/// A remote runner's <see cref="IJobSession"/>: each call goes to the server's API with the job's own token. Short
/// outages are ridden out (each small call is retried for about <see cref="RetryBudget"/>); a token the server no longer
/// accepts means the job is not this runner's any more (<see cref="JobLeaseLostException"/>). Artifact uploads stream
/// from the file and are not retried (the stream cannot be replayed): a failed upload fails the job.
/// </summary>
internal sealed class RemoteJobSession(RunnerClient client, Guid jobId, string jobToken, TimeProvider time) : IJobSession
{
    /// <summary>How long a small call keeps retrying through an outage (longer than a server restart, shorter than a lease).</summary>
    public static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    private static readonly byte[] TruncatedReport = """{"truncated":true}"""u8.ToArray();

    public Guid JobId => jobId;

    public async Task AppendLogAsync(ReadOnlyMemory<byte> maskedUtf8, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset < maskedUtf8.Length; offset += RunnerProtocol.MaxLogBytesPerRequest)
        {
            var part = maskedUtf8.Slice(offset, Math.Min(RunnerProtocol.MaxLogBytesPerRequest, maskedUtf8.Length - offset));
            await CallAsync(HttpMethod.Post, "log", () => Bytes(part, "application/octet-stream"), "sending the log", cancellationToken);
        }
    }

    public Task StepStartedAsync(int index, string name, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, Step(index, "started"), () => JsonContent.Create(new StepStarted(name), options: RunnerProtocol.Json), "reporting a step", cancellationToken);

    public Task StepFinishedAsync(int index, StepResult result, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, Step(index, "finished"),
            () => JsonContent.Create(new StepFinished(result.Conclusion, result.ExitCode, (long)result.Duration.TotalMilliseconds), options: RunnerProtocol.Json),
            "reporting a step", cancellationToken);

    public Task ReportGateAsync(int stepIndex, string gate, bool passed, string reportJson, CancellationToken cancellationToken)
    {
        var report = Encoding.UTF8.GetBytes(reportJson);
        // Larger reports are replaced by a note, as the embedded runner's session does; the log keeps the summary.
        var body = report.Length <= RunnerProtocol.MaxGateReportBytes ? report : TruncatedReport;
        var query = string.Create(CultureInfo.InvariantCulture, $"gates?step={stepIndex}&gate={Uri.EscapeDataString(gate)}&passed={(passed ? "true" : "false")}");
        return CallAsync(HttpMethod.Post, query, () => Bytes(body, "application/json"), "reporting a gate", cancellationToken);
    }

    /// <exception cref="ArtifactException">The server refused the artifact (path, size, digest, the run's caps) or the upload broke.</exception>
    public async Task UploadArtifactAsync(string relativePath, string sha256Hex, long length, Stream content, CancellationToken cancellationToken)
    {
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = length;
        body.Headers.Add(RunnerProtocol.Sha256Header, sha256Hex);
        RunnerAnswer answer;
        try
        {
            answer = await client.SendAsync(HttpMethod.Post, RunnerProtocol.JobPath(jobId, "artifacts?path=" + Uri.EscapeDataString(relativePath)), jobToken, body, null, cancellationToken);
        }
        catch (RunnerServerUnavailableException ex)
        {
            throw new ArtifactException($"uploading artifact '{relativePath}' failed: {ex.Message}", ex);
        }
        ThrowIfLost(answer);
        if (!answer.IsSuccess)
        {
            throw new ArtifactException($"the server refused artifact '{relativePath}':{RunnerAnswer.Problem(answer.Body)}");
        }
    }

    /// <summary>The job's secret values (audited by the server as reads); only those its rules allow.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SecretsAsync(CancellationToken cancellationToken)
    {
        var answer = await CallAsync(HttpMethod.Get, "secrets", null, "fetching the job's secrets", cancellationToken);
        return answer.Read<JobSecrets>().Secrets;
    }

    /// <summary>Renews the lease once: <see cref="RunnerProtocol.HeartbeatHeld"/>, <see cref="RunnerProtocol.HeartbeatCancel"/> or <see cref="RunnerProtocol.HeartbeatLost"/>.</summary>
    /// <exception cref="RunnerServerUnavailableException">The server could not be reached this time (the lease may still be held).</exception>
    public async Task<string> HeartbeatAsync(CancellationToken cancellationToken)
    {
        var answer = await client.SendAsync(HttpMethod.Post, RunnerProtocol.JobPath(jobId, "heartbeat"), jobToken, null, RunnerClient.CallTimeout, cancellationToken);
        if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return RunnerProtocol.HeartbeatLost;
        }
        return answer.IsSuccess ? answer.Read<HeartbeatAnswer>().State : throw answer.Refusal("renewing the lease");
    }

    /// <summary>Reports how the job ended; false when the server says the runner no longer held it (the result was dropped).</summary>
    public async Task<bool> CompleteAsync(JobResult result, CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(HttpMethod.Post, "complete", () => JsonContent.Create(new JobCompletion(result.Conclusion, result.Reason), options: RunnerProtocol.Json),
                "reporting the result", cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is JobLeaseLostException or RunnerRequestRefusedException { Status: HttpStatusCode.Conflict })
        {
            return false;
        }
    }

    /// <summary>Gives the job back to the queue unfinished (the runner is stopping); false when it was not held any more.</summary>
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync(HttpMethod.Post, "release", null, "handing the job back", cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is JobLeaseLostException or RunnerRequestRefusedException { Status: HttpStatusCode.Conflict })
        {
            return false;
        }
    }

    /// <summary>One small call with retries through transient failures; the body is made afresh for each attempt.</summary>
    private async Task<RunnerAnswer> CallAsync(HttpMethod method, string action, Func<HttpContent>? body, string what, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                var answer = await client.SendAsync(method, RunnerProtocol.JobPath(jobId, action), jobToken, body?.Invoke(), RunnerClient.CallTimeout, cancellationToken);
                ThrowIfLost(answer);
                return answer.IsSuccess ? answer : throw answer.Refusal(what);
            }
            catch (RunnerServerUnavailableException) when (time.GetElapsedTime(started) + delay < RetryBudget)
            {
                await Task.Delay(delay, time, cancellationToken);
                delay = delay * 2 > TimeSpan.FromSeconds(8) ? TimeSpan.FromSeconds(8) : delay * 2;
            }
        }
    }

    private void ThrowIfLost(RunnerAnswer answer)
    {
        if (answer.Status == HttpStatusCode.Unauthorized)
        {
            throw new JobLeaseLostException($"the server no longer accepts this runner's token for job {jobId}: the job ended, was taken back, or ran past its token's lifetime");
        }
    }

    private static string Step(int index, string what) => string.Create(CultureInfo.InvariantCulture, $"steps/{index}/{what}");

    private static ByteArrayContent Bytes(ReadOnlyMemory<byte> bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }
}
