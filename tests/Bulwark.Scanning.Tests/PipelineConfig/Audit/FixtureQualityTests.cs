using System.Globalization;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Tests.Shared;
using Xunit.Abstractions;

namespace Bulwark.Scanning.Tests.PipelineConfig.Audit;

/// <summary>
/// Recall and false positives on the fixtures: every expected rule of each vulnerable file is found, the safe
/// files raise nothing, and the corpus of ordinary workflows raises no high or critical finding. The figures
/// are written to bench/results/pipeline-audit-quality.md.
/// </summary>
public sealed class FixtureQualityTests(ITestOutputHelper output)
{
    [Fact]
    public void Fixtures_give_full_recall_and_no_false_positives()
    {
        var report = new StringBuilder();
        report.AppendLine("# Pipeline audit: recall and false positives on the fixtures");
        report.AppendLine();
        report.AppendLine("Produced by `dotnet test tests/Bulwark.Scanning.Tests --filter FullyQualifiedName~FixtureQualityTests`");
        report.AppendLine("over `tests/Bulwark.Scanning.Tests/PipelineConfig/Audit/Fixtures` (see its README).");
        report.AppendLine();
        report.AppendLine("| set | file | expected rules | found | missed | other findings (severity: count) |");
        report.AppendLine("| --- | --- | --- | --- | --- | --- |");
        int expectedTotal = 0, foundTotal = 0, safeFalsePositives = 0, corpusHigh = 0, corpusFindings = 0;
        var missed = new List<string>();
        foreach (var fixture in AuditRepo.FixtureFiles("vulnerable"))
        {
            var findings = Audit(fixture);
            var expected = AuditRepo.Expected(fixture);
            expected.ShouldNotBeEmpty(fixture);
            var found = expected.Where(e => findings.Any(f => f.RuleId == e)).ToList();
            var lost = expected.Except(found).ToList();
            missed.AddRange(lost.Select(l => $"{Path.GetFileName(fixture)}: {l}"));
            expectedTotal += expected.Count;
            foundTotal += found.Count;
            var other = findings.Where(f => !expected.Contains(f.RuleId)).ToList();
            report.AppendLine($"| vulnerable | {Path.GetFileName(fixture)} | {expected.Count} | {found.Count} | {string.Join(", ", lost)} | {Severities(other)} |");
        }
        foreach (var fixture in AuditRepo.FixtureFiles("safe"))
        {
            var findings = Audit(fixture);
            safeFalsePositives += findings.Count;
            report.AppendLine($"| safe | {Path.GetFileName(fixture)} | 0 | – | – | {Severities(findings)} {string.Join(", ", findings.Select(f => f.RuleId).Distinct())} |");
        }
        foreach (var fixture in AuditRepo.FixtureFiles("corpus"))
        {
            var findings = Audit(fixture);
            corpusFindings += findings.Count;
            var high = findings.Where(f => f.Severity >= Severity.High).ToList();
            corpusHigh += high.Count;
            report.AppendLine($"| corpus | {Path.GetFileName(fixture)} | 0 | – | – | {Severities(findings)} {string.Join(", ", high.Select(f => f.RuleId + "@" + f.Location.Line))} |");
        }
        var recall = expectedTotal == 0 ? 0 : (double)foundTotal / expectedTotal;
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- recall on vulnerable fixtures: {foundTotal}/{expectedTotal} expected rule hits = {recall:P1}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- false positives on safe fixtures (any finding): {safeFalsePositives}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- high/critical findings on the corpus of ordinary workflows: {corpusHigh} (all findings: {corpusFindings}, medium and below are pinning and permission advice)");
        var text = report.ToString();
        output.WriteLine(text);
        var results = Path.Combine(RepositoryPaths.Root, "bench", "results");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "pipeline-audit-quality.md"), text);

        missed.ShouldBeEmpty();
        safeFalsePositives.ShouldBe(0);
        corpusHigh.ShouldBe(0);
    }

    private static List<Finding> Audit(string fixture)
    {
        using var repo = new AuditRepo().WithAdvisories().WriteFixture(fixture);
        var outcome = repo.Audit();
        outcome.Report.Notices.Where(n => n.Level != NoticeLevel.Info).ShouldBeEmpty(fixture);
        return [.. outcome.Report.Findings];
    }

    private static string Severities(IEnumerable<Finding> findings) =>
        string.Join(" ", findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Key.ToName()}: {g.Count()}"));
}
