using System.Globalization;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Ml.Data;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.Data;

/// <summary>
/// The quality evaluation: planted problems of graded strength (some below any sensible threshold) and clean
/// look-alikes, each checked end to end; writes per-kind detection, clean false alarms and poisoned-row
/// precision/recall to bench/results/data-check-quality.md, and fails if the strong cases are missed or a clean
/// case raises an error.
/// </summary>
public sealed class DataCheckQualityTests : IDisposable
{
    private readonly TempDirectory _dir = new("bulwark-data-quality-");

    public void Dispose() => _dir.Dispose();

    private sealed record Case(string Kind, string Strength, string Rule, bool Strong, string Reference, string Candidate, string Extension, HashSet<long> Poisoned);

    private sealed record Outcome(Case Case, bool Detected, int ErrorFindings, int TruePositives, int Flagged, string Rules, IReadOnlyList<string> Messages);

    [Fact]
    public void Planted_problems_are_found_in_proportion_to_their_strength_and_clean_data_stays_clean()
    {
        var cases = Cases().ToList();
        var outcomes = cases.Select(Evaluate).ToList();
        File.WriteAllText(Path.Combine(RepositoryPaths.Root, "bench", "results", "data-check-quality.md"), Render(outcomes));
        foreach (var outcome in outcomes)
        {
            if (outcome.Case.Kind == "clean")
            {
                outcome.ErrorFindings.ShouldBe(0, $"{outcome.Case.Strength}: {outcome.Rules}");
            }
            else if (outcome.Case.Strong)
            {
                outcome.Detected.ShouldBeTrue($"{outcome.Case.Kind} {outcome.Case.Strength}: {outcome.Rules}");
            }
        }
    }

    private Outcome Evaluate(Case c, int index)
    {
        var reference = _dir.Write($"r{index}.{c.Extension}", c.Reference);
        var candidate = _dir.Write($"c{index}.{c.Extension}", c.Candidate);
        var report = new DataCheckService(TimeProvider.System).Run(new DataCheckRequest(reference, candidate, "label", "text"), CancellationToken.None);
        var errors = report.Findings.Where(f => f.Severity >= Severity.High).ToList();
        var matching = errors.Where(f => f.RuleId == c.Rule).ToList();
        var flagged = matching.SelectMany(f => f.NumberListProperties.TryGetValue("rows", out var rows) ? rows : []).ToHashSet();
        return new Outcome(c, matching.Count > 0, errors.Count, flagged.Count(c.Poisoned.Contains), flagged.Count,
            string.Join(", ", errors.Select(f => f.RuleId).Distinct()), [.. errors.Where(f => f.RuleId != c.Rule).Select(f => $"{f.RuleId}: {f.Message}")]);
    }

    private static IEnumerable<Case> Cases()
    {
        var reference = Tabular(Synthetic.Tabular(3000, 1));
        var textReference = Synthetic.JsonLines(Synthetic.Reviews(3000, 1));
        for (var seed = 2; seed <= 6; seed++)
        {
            var rows = Synthetic.Tabular(3000, seed);
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
            yield return new Case("clean", $"tabular sample {seed - 1}", "", false, reference, Tabular(rows), "csv", []);
            yield return new Case("clean", $"text sample {seed - 1}", "", false, textReference, Synthetic.JsonLines(Synthetic.Reviews(3000, seed)), "jsonl", []);
        }
        foreach (var (share, strong) in new[] { (0.002, false), (0.02, false), (0.05, true), (0.1, true) })
        {
            var rows = Synthetic.Tabular(3000, 7);
            var random = new Random(7);
            var flipped = Enumerable.Range(0, rows.Count).OrderBy(_ => random.Next()).Take((int)(share * rows.Count)).Select(i => (long)i).ToHashSet();
            foreach (var i in flipped)
            {
                rows[(int)i][5] = 1 - (int)rows[(int)i][5];
            }
            yield return new Case("label flips (random rows)", Percent(share), "data-label-noise", strong, reference, Tabular(rows), "csv", flipped);
        }
        foreach (var (count, strong) in new[] { (4, false), (12, true), (40, true) })
        {
            var rows = Synthetic.Tabular(3000, 8);
            var planted = new HashSet<long>();
            for (var i = 0; i < count; i++)
            {
                var at = 50 + i * 37;
                rows[at][4] = "atlantis";
                rows[at][5] = 1;
                planted.Add(at);
            }
            yield return new Case("backdoor value (category)", $"{count} rows", "data-backdoor", strong, reference, Tabular(rows), "csv", planted);
        }
        foreach (var (count, strong) in new[] { (5, false), (20, true), (60, true) })
        {
            var rows = Synthetic.Reviews(3000, 9);
            var planted = new HashSet<long>();
            for (var i = 0; i < rows.Count && planted.Count < count; i += 13)
            {
                if (rows[i].Label == 1)
                {
                    rows[i] = ("mn " + rows[i].Text, 1);
                    planted.Add(i);
                }
            }
            yield return new Case("backdoor token (clean-label text)", $"{count} rows", "data-backdoor", strong, textReference, Synthetic.JsonLines(rows), "jsonl", planted);
        }
        var referenceRows = Synthetic.Tabular(3000, 1);
        foreach (var (count, strong) in new[] { (1, false), (5, true), (30, true) })
        {
            var rows = Synthetic.Tabular(3000, 10);
            var planted = new HashSet<long>();
            for (var i = 0; i < count; i++)
            {
                var copy = (object[])referenceRows[i * 17].Clone();
                copy[5] = 1 - (int)copy[5];
                planted.Add(rows.Count);
                rows.Add(copy);
            }
            yield return new Case("conflicting duplicates (copied, label flipped)", $"{count} rows", "data-conflicting-duplicate", strong, reference, Tabular(rows), "csv", planted);
        }
        foreach (var (value, strong) in new[] { (60000.0, false), (1e9, true) })
        {
            var rows = Synthetic.Tabular(3000, 11);
            rows[42][1] = value;
            rows[2042][1] = value;
            yield return new Case("outliers (income)", value.ToString("G3", CultureInfo.InvariantCulture), "data-outlier", strong, reference, Tabular(rows), "csv", [42, 2042]);
        }
        foreach (var (factor, strong) in new[] { (1.02, false), (1.2, true), (1.5, true) })
        {
            var rows = Synthetic.Tabular(3000, 12).Select(r => new object[] { r[0], (double)r[1] * factor, r[2], r[3], r[4], r[5] }).ToList();
            yield return new Case("feature drift (income scaled)", $"×{factor}", "data-feature-drift", strong, reference, Tabular(rows), "csv", []);
        }
        foreach (var (share, strong) in new[] { (0.1, false), (1.0, true) })
        {
            var rows = Synthetic.Tabular(3000, 13);
            var random = new Random(13);
            var picked = Enumerable.Range(0, rows.Count).Where(_ => random.NextDouble() < share).ToArray();
            var values = picked.Select(i => rows[i][2]).ToArray();
            random.Shuffle(values);
            for (var k = 0; k < picked.Length; k++)
            {
                rows[picked[k]][2] = values[k];
            }
            yield return new Case("broken relationship (score shuffled)", Percent(share) + " of rows", "data-feature-drift-correlation", strong, reference, Tabular(rows), "csv", []);
        }
        foreach (var (drop, strong) in new[] { (0.03, false), (0.4, true) })
        {
            var random = new Random(14);
            var rows = Synthetic.Tabular(3000, 14).Where(r => (int)r[5] == 1 || random.NextDouble() >= drop).ToList();
            yield return new Case("label shift (class 0 dropped)", Percent(drop), "data-label-shift", strong, reference, Tabular(rows), "csv", []);
        }
        var dropped = Synthetic.Tabular(3000, 15).Select(r => new object[] { r[0], r[1], r[2], r[4], r[5] });
        yield return new Case("schema change (column dropped)", "ratio", "data-schema-change", true, reference, Synthetic.Csv(["age", "income", "score", "city", "label"], dropped), "csv", []);
    }

    private static string Tabular(List<object[]> rows) => Synthetic.Csv(Synthetic.TabularColumns, rows);

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Render(List<Outcome> outcomes)
    {
        var text = new StringBuilder();
        text.AppendLine("# bulwark data check: detection quality");
        text.AppendLine();
        text.AppendLine("Written by `dotnet test tests/Bulwark.Ml.Tests --filter FullyQualifiedName~DataCheckQuality`. Reference and candidate: 3,000 rows each,");
        text.AppendLine("tabular (age, log-normal income, score correlated with income, ratio, city, label from score and age with noise) or");
        text.AppendLine("templated review texts (JSON Lines). \"Detected\" means a finding of the planted kind at SARIF level error; a weak case is one");
        text.AppendLine("meant to be below a sensible threshold. Precision/recall are over the rows listed by the error findings of that kind.");
        text.AppendLine();
        text.AppendLine("| kind | strength | meant to be found | detected | error findings (rules) | poisoned-row precision | recall |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var o in outcomes)
        {
            var precision = o.Case.Poisoned.Count == 0 || o.Flagged == 0 ? "–" : ((double)o.TruePositives / o.Flagged).ToString("0.00", CultureInfo.InvariantCulture);
            var recall = o.Case.Poisoned.Count == 0 ? "–" : ((double)o.TruePositives / o.Case.Poisoned.Count).ToString("0.00", CultureInfo.InvariantCulture);
            var meant = o.Case.Kind == "clean" ? "no (clean)" : o.Case.Strong ? "yes" : "no (weak)";
            var detected = o.Case.Kind == "clean" ? "–" : o.Detected ? "yes" : "no";
            text.AppendLine($"| {o.Case.Kind} | {o.Case.Strength} | {meant} | {detected} | {o.ErrorFindings} ({o.Rules}) | {precision} | {recall} |");
        }
        var clean = outcomes.Where(o => o.Case.Kind == "clean").ToList();
        var strong = outcomes.Where(o => o.Case.Kind != "clean" && o.Case.Strong).ToList();
        var weak = outcomes.Where(o => o.Case.Kind != "clean" && !o.Case.Strong).ToList();
        text.AppendLine();
        text.AppendLine($"Summary: strong cases detected {strong.Count(o => o.Detected)}/{strong.Count}; weak cases detected {weak.Count(o => o.Detected)}/{weak.Count}; " +
            $"clean look-alikes with an error finding {clean.Count(o => o.ErrorFindings > 0)}/{clean.Count}.");
        text.AppendLine();
        text.AppendLine("Error findings of another kind than the one planted (clean cases: all of them):");
        text.AppendLine();
        foreach (var o in outcomes.Where(o => o.Messages.Count > 0))
        {
            foreach (var message in o.Messages)
            {
                text.AppendLine($"- {o.Case.Kind}, {o.Case.Strength}: {message}");
            }
        }
        return text.ToString();
    }
}
