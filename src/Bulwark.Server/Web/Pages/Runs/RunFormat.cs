using System.Globalization;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Server.Runs;

namespace Bulwark.Server.Web.Pages.Runs;

/// <summary>How the run pages write statuses, refs, commits, times, durations, sizes and links.</summary>
internal static class RunFormat
{
    public static string Status(RunStatus status) => status.ToString().ToLowerInvariant();

    public static string Status(JobStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A CSS class for a severity a report names; unknown names (the report is untrusted) get a neutral one.</summary>
    public static string SeverityClass(string severity) =>
        SeverityNames.TryParse(severity, out var known) ? "severity-" + known.ToName() : "severity-unknown";

    public static bool IsFinished(RunStatus status) => status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled;

    /// <summary><c>refs/heads/main</c> → <c>main</c>, <c>refs/tags/v1</c> → <c>v1</c>; other refs stay whole.</summary>
    public static string ShortRef(string gitRef) =>
        gitRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? gitRef["refs/heads/".Length..]
        : gitRef.StartsWith("refs/tags/", StringComparison.Ordinal) ? gitRef["refs/tags/".Length..]
        : gitRef;

    public static string ShortCommit(string commit) => commit.Length <= 8 ? commit : commit[..8];

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

    public static string IsoTime(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>From start to end, or to <paramref name="now"/> while it runs; empty before it started.</summary>
    public static string Duration(DateTime? start, DateTime? end, DateTime now)
    {
        if (start is not { } from)
        {
            return "";
        }
        var span = (end ?? now) - from;
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes:00}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds:00}s"
            : $"{span.Seconds}s";
    }

    public static string Size(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB"];
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        }
        var value = (double)bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    public static string RunPath(string project, int number) =>
        $"/projects/{Uri.EscapeDataString(project)}/runs/{number.ToString(CultureInfo.InvariantCulture)}";

    public static string JobPath(string project, int number, string job) => $"{RunPath(project, number)}/jobs/{Uri.EscapeDataString(job)}";

    /// <summary>The API's download URL: each path segment escaped on its own, so the '/' between them stay separators.</summary>
    public static string ArtifactUrl(Guid runId, string job, string path) =>
        $"/api/v1/runs/{runId:D}/artifacts/{Uri.EscapeDataString(job)}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";

    /// <summary>
    /// The end of a log as text: at most <paramref name="maxBytes"/> bytes, starting after a line break when one is
    /// near, otherwise after the first whole UTF-8 character, so the page never starts with half a character.
    /// Invalid UTF-8 shows as U+FFFD.
    /// </summary>
    public static (string Text, bool Truncated) LogTail(byte[] log, int maxBytes)
    {
        if (log.Length <= maxBytes)
        {
            return (Encoding.UTF8.GetString(log), false);
        }
        var start = log.Length - maxBytes;
        var newline = Array.IndexOf(log, (byte)'\n', start, Math.Min(maxBytes, 4096));
        if (newline >= 0)
        {
            start = newline + 1;
        }
        else
        {
            while (start < log.Length && (log[start] & 0b1100_0000) == 0b1000_0000)
            {
                start++;
            }
        }
        return (Encoding.UTF8.GetString(log, start, log.Length - start), true);
    }
}
