using Bulwark.Core.Configuration;
using Bulwark.Scanning.Secrets;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Secrets;

public sealed class GitleaksConfigTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-gitleaks-");

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string toml) => _temp.Write(name, toml);

    [Fact]
    public void Own_rules_with_allowlists_apply_and_defaults_only_with_use_default()
    {
        var path = Write("gitleaks.toml", """
            title = "team rules"

            [[rules]]
            id = "acme-key"
            description = "ACME internal key"
            regex = '''acme_[[:alnum:]]{24}'''
            keywords = ["acme_"]
            [[rules.allowlists]]
            regexTarget = "line"
            regexes = ['''fixture''']

            [allowlist]
            paths = ['''^vendor/''']
            """);
        var rules = SecretRuleLoader.LoadGitleaks(path);
        rules.Rules.ShouldHaveSingleItem().Id.ShouldBe("acme-key");
        var key = "acme_" + TestRules.Random(1, 24, "abcdefghijklmnopqrstuvwxyz0123456789");
        ScanHarness.Scan(rules, $"k = {key}\n").ShouldHaveSingleItem().RuleId.ShouldBe("acme-key");
        ScanHarness.Scan(rules, $"k = {key} # fixture\n").ShouldBeEmpty();
        ScanHarness.Scan(rules, $"k = {key}\n", "vendor/lib.py").ShouldBeEmpty();
    }

    [Fact]
    public void A_rule_with_a_path_applies_only_to_matching_files()
    {
        var path = Write("paths.toml", "[[rules]]\nid = \"env-token\"\nregex = '''TOKEN=([0-9a-f]{16})'''\npath = '''\\.env$'''\nkeywords = [\"token=\"]\n");
        var rules = SecretRuleLoader.LoadGitleaks(path);
        ScanHarness.Scan(rules, "TOKEN=9f86d081884c7d65\n", "deploy/.env").ShouldHaveSingleItem().RuleId.ShouldBe("env-token");
        ScanHarness.Scan(rules, "TOKEN=9f86d081884c7d65\n", "deploy/notes.txt").ShouldBeEmpty();
    }

    [Fact]
    public void Extend_use_default_adds_bulwark_rules_and_disabled_rules_remove_them()
    {
        var path = Write("extend.toml", """
            [extend]
            useDefault = true
            disabledRules = ["acme-key"]

            [[rules]]
            id = "acme-key"
            regex = '''acme_[a-z]{8}'''
            keywords = ["acme_"]
            """);
        var rules = SecretRuleLoader.LoadGitleaks(path);
        rules.Rules.Count.ShouldBe(SecretRuleLoader.Defaults.Count);
        rules.Rules.ShouldNotContain(r => r.Id == "acme-key");
    }

    [Theory]
    [InlineData("[[rules]]\nid = \"x\"\nregex = '''(unclosed'''\nkeywords=[\"x\"]", "rules[0] ('x') regex: invalid regex")]
    [InlineData("[[rules]]\nid = \"x\"\nregex = '''(?=ahead)x'''", "invalid regex")]
    [InlineData("[[rules]]\ndescription = \"no id\"\nregex = 'x'", "rules[0]: missing 'id'")]
    [InlineData("[[rules]]\nid = \"x\"\nregex = 'x'\nkeywords = \"x\"", "'keywords' must be an array")]
    [InlineData("[[rules]\nid = 1", "invalid TOML")]
    [InlineData("[[rules]]\nid = \"x\"\nregex = 'x'\n[rules.allowlist]\nregexTarget = \"file\"", "'regexTarget' must be secret, match or line")]
    public void Malformed_configs_name_the_file_and_the_field(string toml, string expected)
    {
        var path = Write("bad.toml", toml);
        var error = Should.Throw<ConfigException>(() => SecretRuleLoader.LoadGitleaks(path));
        error.Message.ShouldContain(path);
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Syntax_errors_report_line_and_column()
    {
        var path = Write("syntax.toml", "[[rules]]\nid = \"ok\"\nregex = 'x'\nkeywords = [\"a\",\n");
        Should.Throw<ConfigException>(() => SecretRuleLoader.LoadGitleaks(path)).Message.ShouldMatch(@"syntax\.toml:\d+:\d+: invalid TOML");
    }

    [Fact]
    public void Missing_file_is_a_clear_error() =>
        Should.Throw<ConfigException>(() => SecretRuleLoader.LoadGitleaks(_temp.Combine("nope.toml"))).Message.ShouldContain("file not found");
}
