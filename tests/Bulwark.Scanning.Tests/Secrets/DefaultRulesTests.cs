using System.Text;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.Tests.Secrets;

/// <summary>The built-in rules are data: every rule's samples are run through the whole scanner.</summary>
public sealed class DefaultRulesTests
{
    private static readonly SecretRuleSet Rules = SecretRuleLoader.LoadDefault();

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var rule in SecretRuleLoader.Defaults)
        {
            data.Add(rule.Id);
        }
        return data;
    }

    [Fact]
    public void There_are_at_least_150_rules_with_unique_ids()
    {
        SecretRuleLoader.Defaults.Count.ShouldBeGreaterThanOrEqualTo(150);
        SecretRuleLoader.Defaults.Select(r => r.Id).ShouldBeUnique();
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_matches_its_true_positives_and_not_its_false_positives(string id)
    {
        var rule = SecretRuleLoader.Defaults.Single(r => r.Id == id);
        rule.Keywords.ShouldNotBeEmpty();
        SecretRuleLoader.CountGroups(rule.Regex.ToString()).ShouldBe(rule.Regex.GetGroupNumbers().Length - 1);
        rule.Keywords.ShouldAllBe(k => k.Length >= 3 && k == k.ToLowerInvariant());
        rule.TruePositives.Count.ShouldBeGreaterThanOrEqualTo(2);
        rule.FalsePositives.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var sample in rule.TruePositives)
        {
            var findings = ScanHarness.Scan(Rules, Encoding.UTF8.GetBytes(sample + "\n"), "sample.txt").Findings;
            findings.Select(f => f.RuleId).ShouldContain(id, $"must match: {sample}");
            findings.ShouldAllBe(f => !f.Evidence.Contains(sample));
        }
        foreach (var sample in rule.FalsePositives)
        {
            var findings = ScanHarness.Scan(Rules, Encoding.UTF8.GetBytes(sample + "\n"), "sample.txt").Findings;
            findings.Select(f => f.RuleId).ShouldNotContain(id, $"must not match: {sample}");
        }
    }

    [Theory]
    [InlineData("aws")]
    [InlineData("gcp")]
    [InlineData("azure")]
    [InlineData("github")]
    [InlineData("gitlab")]
    [InlineData("bitbucket")]
    [InlineData("slack")]
    [InlineData("stripe")]
    [InlineData("twilio")]
    [InlineData("sendgrid")]
    [InlineData("mailgun")]
    [InlineData("npm")]
    [InlineData("pypi")]
    [InlineData("nuget")]
    [InlineData("docker")]
    [InlineData("private-key")]
    [InlineData("jwt")]
    [InlineData("vault")]
    [InlineData("digitalocean")]
    [InlineData("shopify")]
    [InlineData("telegram")]
    [InlineData("discord")]
    [InlineData("age")]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("huggingface")]
    [InlineData("gemini")]
    [InlineData("cohere")]
    [InlineData("mistral")]
    [InlineData("groq")]
    [InlineData("replicate")]
    [InlineData("together")]
    [InlineData("wandb")]
    [InlineData("databricks")]
    [InlineData("langsmith")]
    [InlineData("pinecone")]
    [InlineData("comet")]
    [InlineData("neptune")]
    [InlineData("generic")]
    public void Required_platforms_are_covered(string platform)
    {
        SecretRuleLoader.Defaults.ShouldContain(
            r => r.Id.Contains(platform, StringComparison.Ordinal) || r.Tags.Contains(platform),
            $"no rule id or tag mentions '{platform}'");
    }

    [Fact]
    public void Every_rule_runs_in_linear_time_on_adversarial_input()
    {
        // Each rule's keywords repeated with near-miss tails: NonBacktracking keeps each scan linear.
        var text = new StringBuilder();
        foreach (var rule in SecretRuleLoader.Defaults)
        {
            text.Append(string.Concat(Enumerable.Repeat(rule.Keywords[0] + "=\"aaaaaaaaaaaaaaaaaaaa", 50)));
        }
        text.Append('\n');
        var big = string.Concat(Enumerable.Repeat(text.ToString(), 4));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ScanHarness.Scan(Rules, Encoding.UTF8.GetBytes(big), "adversarial.txt");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }
}
