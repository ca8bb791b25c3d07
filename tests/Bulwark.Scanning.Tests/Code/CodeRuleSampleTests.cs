using Bulwark.Scanning.Code.Analysis;
using Bulwark.Scanning.Code.Python;
using Bulwark.Scanning.Code.Rules;

namespace Bulwark.Scanning.Tests.Code;

/// <summary>Every rule's must-match and must-not-match samples, through the real parser and analyser.</summary>
public sealed class CodeRuleSampleTests
{
    public static TheoryData<string> RuleIds() => [.. CodeRuleLoader.Defaults.Select(r => r.Id)];

    private static List<CodeMatch> Analyze(string source)
    {
        var module = PythonParser.Parse(source);
        module.Errors.ShouldBeEmpty($"sample does not parse: {source}");
        return FileAnalyzer.Analyze(module, CodeRuleIndex.Default);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_samples_match_and_do_not_match(string id)
    {
        var rule = CodeRuleLoader.Defaults.Single(r => r.Id == id);
        rule.MustMatch.ShouldNotBeEmpty();
        rule.MustNotMatch.ShouldNotBeEmpty();
        foreach (var sample in rule.MustMatch)
        {
            Analyze(sample).Select(m => m.Rule.Id).ShouldContain(id, $"must match:\n{sample}");
        }
        foreach (var sample in rule.MustNotMatch)
        {
            Analyze(sample).Select(m => m.Rule.Id).ShouldNotContain(id, $"must not match:\n{sample}");
        }
    }

    [Fact]
    public void Every_rule_id_starts_with_a_category_and_every_category_has_rules()
    {
        var rules = CodeRuleLoader.Defaults;
        rules.Select(r => r.Id).ShouldBeUnique();
        foreach (var category in CodeCategories.All.Where(c => c != "hardcoded-credential"))
        {
            rules.ShouldContain(r => r.Category == category, category);
        }
        rules.ShouldAllBe(r => r.Help.Length > 40);
    }
}
