using Bulwark.Scanning.PipelineConfig.Audit;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;

namespace Bulwark.Scanning.Tests.PipelineConfig.Audit;

/// <summary>Every rule is data with samples: each must-match sample raises it, no must-not-match sample does.</summary>
public sealed class AuditRuleSampleTests
{
    private static readonly string[] Categories =
    [
        "template-injection", "dangerous-trigger", "unpinned-action", "unpinned-image", "excessive-permissions", "credential-persistence",
        "cache-poisoning", "hardcoded-credentials", "secrets-inherit", "self-hosted-runner", "insecure-commands", "github-env",
        "unsound-condition", "known-vulnerable-action", "bot-condition", "curl-pipe-shell",
    ];

    public static TheoryData<string> RuleIds() => [.. AuditRules.All.Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_samples_match_and_do_not_match(string id)
    {
        var rule = AuditRules.Find(id)!;
        rule.MustMatch.ShouldNotBeEmpty();
        rule.MustNotMatch.ShouldNotBeEmpty();
        foreach (var sample in rule.MustMatch)
        {
            Findings(sample).ShouldContain(id, $"must match:\n{sample.Yaml}");
        }
        foreach (var sample in rule.MustNotMatch)
        {
            Findings(sample).ShouldNotContain(id, $"must not match:\n{sample.Yaml}");
        }
    }

    [Fact]
    public void Every_rule_names_its_category_and_a_safe_alternative()
    {
        AuditRules.All.Select(r => r.Id).ShouldBeUnique();
        foreach (var rule in AuditRules.All)
        {
            rule.Id.ShouldStartWith("pipeline-");
            Categories.Any(c => rule.Id.Contains(c, StringComparison.Ordinal)).ShouldBeTrue(rule.Id);
            rule.Help.Length.ShouldBeGreaterThan(40, rule.Id);
            rule.Description.Length.ShouldBeGreaterThan(40, rule.Id);
            rule.Descriptor.Tags.ShouldContain($"confidence:{rule.Confidence.ToString().ToLowerInvariant()}");
        }
        foreach (var category in Categories)
        {
            AuditRules.All.ShouldContain(r => r.Id.Contains(category, StringComparison.Ordinal), category);
        }
    }

    private static List<string> Findings(RuleSample sample)
    {
        using var repo = new AuditRepo().WithAdvisories().Write(sample.Path, sample.Yaml);
        var outcome = repo.Audit();
        outcome.Report.Notices.Where(n => n.Level == Core.Findings.NoticeLevel.Error).ShouldBeEmpty();
        return [.. outcome.Report.Findings.Select(f => f.RuleId)];
    }
}
