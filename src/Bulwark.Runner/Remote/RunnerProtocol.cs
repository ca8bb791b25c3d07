using System.Text.Json;
using System.Text.Json.Serialization;
using Bulwark.Runner.Jobs;

namespace Bulwark.Runner.Remote;

/// <summary>
/// The HTTPS API between <c>bulwark server</c> and remote runners, shared by both sides so the two cannot drift:
/// paths, headers and the JSON bodies below (camelCase, enums as camelCase strings).
/// </summary>
internal static class RunnerProtocol
{
    /// <summary><c>POST</c> with a registration token: <see cref="RunnerRegistration"/> in, <see cref="RunnerRegistered"/> out.</summary>
    public const string RegisterPath = "api/v1/runners/register";

    /// <summary><c>POST</c> with the runner credential: a <see cref="LeasedJob"/>, or 204 when nothing came within <c>?wait=</c> seconds.</summary>
    public const string LeasePath = "api/v1/runner/jobs/lease";

    /// <summary>Longest long-poll the server holds a lease request open, in seconds.</summary>
    public const int MaxLeaseWaitSeconds = 30;

    /// <summary>Header of an artifact upload: the SHA-256 of the body, 64 hex digits (the length is the Content-Length).</summary>
    public const string Sha256Header = "X-Bulwark-Sha256";

    /// <summary>Largest log chunk the server takes in one request; the runner splits bigger ones.</summary>
    public const int MaxLogBytesPerRequest = 1024 * 1024;

    /// <summary>Largest gate report the server stores (larger ones are replaced by a note, as for the embedded runner).</summary>
    public const int MaxGateReportBytes = 4 * 1024 * 1024;

    public const string HeartbeatHeld = "held";
    public const string HeartbeatCancel = "cancel";
    public const string HeartbeatLost = "lost";

    /// <summary>Everything about one leased job lives under this path, reached with that job's token only.</summary>
    public static string JobPath(Guid jobId, string action) => $"api/v1/runner/jobs/{jobId:D}/{action}";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        MaxDepth = 16,
    };
}

/// <summary>What a runner asks to be registered as. Labels are fixed at registration.</summary>
internal sealed record RunnerRegistration(string Name, IReadOnlyList<string> Labels);

/// <summary>The registered runner and its long-lived credential (<c>bwr_…</c>), shown this once.</summary>
internal sealed record RunnerRegistered(string Id, string Name, IReadOnlyList<string> Labels, string Credential)
{
    /// <summary>Never the credential: records would print every property.</summary>
    public override string ToString() => $"runner {Name} ({Id})";
}

/// <summary>
/// A job handed to a runner: the spec without secret values (<see cref="SecretNames"/> says which the job declared;
/// the runner fetches their values with <see cref="JobToken"/>), the per-job token and until when it works.
/// </summary>
internal sealed record LeasedJob(
    Guid JobId,
    Guid RunId,
    string Job,
    int Attempt,
    string JobToken,
    DateTime TokenExpiresAt,
    int HeartbeatSeconds,
    JobSpec Spec,
    IReadOnlyList<string> SecretNames)
{
    /// <summary>Never the job token: records would print every property.</summary>
    public override string ToString() => $"job {Job} ({JobId}) of run {RunId}, attempt {Attempt}";
}

/// <summary>The answer to a heartbeat: <c>held</c>, <c>cancel</c> (the run is being cancelled) or <c>lost</c>.</summary>
internal sealed record HeartbeatAnswer(string State);

/// <summary>The job's secret values by name: only those its rules allow (none for a fork's pull request).</summary>
internal sealed record JobSecrets(IReadOnlyDictionary<string, string> Secrets)
{
    /// <summary>Names only: records would print every value.</summary>
    public override string ToString() => "secrets " + string.Join(", ", Secrets.Keys);
}

internal sealed record StepStarted(string Name);

internal sealed record StepFinished(StepConclusion Conclusion, int? ExitCode, long DurationMilliseconds);

/// <summary>How the job ended; <see cref="Reason"/> is already masked by the runner.</summary>
internal sealed record JobCompletion(JobConclusion Conclusion, string? Reason);
