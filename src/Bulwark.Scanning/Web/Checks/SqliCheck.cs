using System.Globalization;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// SQL injection, three ways, cheapest first: a lone quote that produces a database error (error-based); true and
/// false conditions of which only the false one changes the answer, twice with different constants
/// (boolean-based); a sleep that delays the answer while a zero sleep does not, also twice (time-based, only
/// when the baseline is fast, at most <see cref="MaxTimeProbes"/> inputs per scan).
/// </summary>
internal static class SqliCheck
{
    public const int MaxTimeProbes = 40;

    public static async Task RunAsync(ParameterProbe probe, CancellationToken cancellationToken)
    {
        var sample = probe.Parameter.Sample;
        var baselineError = ResponsePatterns.SqlError().IsMatch(probe.Baseline.Body);
        foreach (var quote in (string[])["'", "\""])
        {
            var response = await probe.SendAsync(sample + quote, cancellationToken).ConfigureAwait(false);
            if (response is not null && !baselineError && ResponsePatterns.SqlError().Match(response.Body) is { Success: true } error)
            {
                probe.Report(DastRules.Sqli, response, $"parameter '{probe.Parameter.Name}': a {quote} quote produced a database error", error.Index, new() { ["technique"] = "error" });
                return;
            }
        }
        var numeric = long.TryParse(sample, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        string[][] pairs = numeric
            ? [[$"{sample} AND 1=1", $"{sample} AND 1=2"], [$"{sample} AND 7=7", $"{sample} AND 7=8"]]
            : [[$"{sample}' AND '1'='1", $"{sample}' AND '1'='2"], [$"{sample}' AND 'b'='b", $"{sample}' AND 'b'='c"]];
        var boolean = true;
        Http.DastResponse? evidence = null;
        foreach (var pair in pairs)
        {
            var whenTrue = await probe.SendAsync(pair[0], cancellationToken).ConfigureAwait(false);
            var whenFalse = await probe.SendAsync(pair[1], cancellationToken).ConfigureAwait(false);
            if (whenTrue is null || whenFalse is null
                || !ResponseDiff.Similar(whenTrue, probe.Baseline, pair[0], sample)
                || ResponseDiff.Similar(whenFalse, probe.Baseline, pair[1], sample))
            {
                boolean = false;
                break;
            }
            evidence = whenFalse;
        }
        if (boolean && evidence is not null)
        {
            probe.Report(DastRules.Sqli, evidence, $"parameter '{probe.Parameter.Name}': a false SQL condition changes the answer while a true one does not", 0,
                new() { ["technique"] = "boolean" });
            return;
        }
        await TimeBasedAsync(probe, sample, numeric, cancellationToken).ConfigureAwait(false);
    }

    private static async Task TimeBasedAsync(ParameterProbe probe, string sample, bool numeric, CancellationToken cancellationToken)
    {
        var sleep = probe.Scan.Options.SleepProbe;
        if (probe.Baseline.Elapsed > TimeSpan.FromSeconds(1) || probe.Scan.Options.RequestTimeout < sleep * 2 || Interlocked.Increment(ref probe.Scan.TimeProbes) > MaxTimeProbes)
        {
            return;
        }
        var seconds = (int)Math.Ceiling(sleep.TotalSeconds);
        string[] templates = numeric
            ? ["{0} AND SLEEP({1})", "{0};SELECT pg_sleep({1})--"]
            : ["{0}' AND SLEEP({1})-- -", "{0}';SELECT pg_sleep({1})--"];
        foreach (var template in templates)
        {
            var slow = string.Format(CultureInfo.InvariantCulture, template, sample, seconds);
            var first = await probe.SendAsync(slow, cancellationToken).ConfigureAwait(false);
            if (first is null || first.Elapsed < sleep * 0.9)
            {
                continue;
            }
            var fast = await probe.SendAsync(string.Format(CultureInfo.InvariantCulture, template, sample, 0), cancellationToken).ConfigureAwait(false);
            var again = await probe.SendAsync(slow, cancellationToken).ConfigureAwait(false);
            if (fast is not null && again is not null && fast.Elapsed < sleep / 2 && again.Elapsed >= sleep * 0.9)
            {
                probe.Report(DastRules.Sqli, again, $"parameter '{probe.Parameter.Name}': a SQL sleep of {seconds} s delayed the answer by {again.Elapsed.TotalSeconds:0.0} s (a zero sleep did not)", -1,
                    new() { ["technique"] = "time" });
                return;
            }
        }
    }
}
