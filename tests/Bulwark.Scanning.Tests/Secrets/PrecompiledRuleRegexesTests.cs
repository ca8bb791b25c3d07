using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bulwark.Scanning.Secrets;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Secrets;

/// <summary>
/// The built-in patterns run on build-time compiled backtracking matchers (see RuleRegex): the generated file
/// must hold exactly those patterns, and the fast and the NonBacktracking engine must agree on them.
/// With BULWARK_REGENERATE=1 the first test rewrites PrecompiledRuleRegexes.g.cs from default-rules.toml.
/// </summary>
public sealed class PrecompiledRuleRegexesTests
{
    private static readonly string GeneratedFile =
        Path.Combine(RepositoryPaths.Root, "src", "Bulwark.Scanning", "Secrets", "Rules", "PrecompiledRuleRegexes.g.cs");

    [Fact]
    public void Generated_file_holds_exactly_the_built_in_patterns()
    {
        var expected = Generate(BuiltInPatterns());
        if (Environment.GetEnvironmentVariable("BULWARK_REGENERATE") == "1")
        {
            File.WriteAllText(GeneratedFile, expected);
        }
        File.ReadAllText(GeneratedFile).ReplaceLineEndings("\n").ShouldBe(expected,
            "default-rules.toml changed: run BULWARK_REGENERATE=1 dotnet test tests/Bulwark.Scanning.Tests --filter PrecompiledRuleRegexesTests");
    }

    [Fact]
    public void Every_built_in_pattern_has_a_fast_form_and_builds_under_NonBacktracking()
    {
        // Fresh instances: the shared rules may have handed a pattern to NonBacktracking after a slow call in a
        // parallel test on a loaded machine, which is their job, not a missing fast form.
        foreach (var regex in BuiltInPatterns().Select(RuleRegex.ForBuiltIn))
        {
            regex.UsesFastForm.ShouldBeTrue(regex.Pattern);
            RuleRegex.LinearOnly(regex.Pattern).GetGroupNumbers().ShouldBe(regex.GetGroupNumbers(), regex.Pattern);
        }
    }

    [Fact]
    public void Both_engines_find_the_same_matches_and_secrets_in_every_sample()
    {
        foreach (var rule in SecretRuleLoader.Defaults)
        {
            var linear = RuleRegex.LinearOnly(rule.Regex.Pattern);
            foreach (var sample in rule.TruePositives.Concat(rule.FalsePositives))
            {
                var fast = MatchesWithSecrets(rule.Regex, sample, rule.SecretGroup);
                fast.ShouldBe(MatchesWithSecrets(linear, sample, rule.SecretGroup), $"{rule.Id}: {sample}");
            }
        }
    }

    [Fact]
    public void A_fast_form_that_overruns_its_budget_hands_over_to_NonBacktracking_with_the_same_answers()
    {
        // Nested quantifiers with a failing tail: the backtracking engine doubles its work with each 'a'. The length
        // grows until one call overruns the budget, so the test does not depend on how fast the machine is.
#pragma warning disable RS0030 // a deliberately catastrophic backtracking regex, to overrun the budget
        var catastrophic = new Regex("^(a+)+$", RegexOptions.CultureInvariant);
#pragma warning restore RS0030
        var regex = new RuleRegex("^(a+)+$", catastrophic);
        var matches = new List<(int, int)>();
        for (var length = 16; length <= 36 && regex.UsesFastForm; length++)
        {
            regex.Matches(new string('a', length) + "!", matches);
        }

        regex.UsesFastForm.ShouldBeFalse("some call must have overrun the budget");
        matches.ShouldBeEmpty();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        regex.Matches(new string('a', 5000) + "!", matches);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1), "the linear engine takes over");
        matches.ShouldBeEmpty();
        regex.IsMatch(new string('a', 40)).ShouldBeTrue();
        regex.Group("aaaa", 0, 4, 1).ShouldBe((0, "aaaa"));
    }

    /// <summary>
    /// Nested repetitions whose iterations cannot overlap: each ends with (or starts with) a character that
    /// nothing repeated inside it can match, so a backtracking engine has one way to split the text.
    /// </summary>
    private static readonly string[] DelimitedNestedRepetitions =
    [
        // PEM/PGP armour headers: one "Name: value" line per repetition, ending at \n; no run inside crosses a line.
        @"(?:[A-Za-z-]{3,30}: [^\r\n]{1,200}\r?\n){0,4}",
        @"(?:[A-Za-z-]{3,30}: [^\r\n]{1,200}\r?\n){0,6}",
        // Path shapes: each repetition starts at a '/', which the run inside excludes.
        @"(?:/[a-z0-9_.-]+)+$",
    ];

    [Fact]
    public void No_built_in_pattern_repeats_a_group_that_itself_repeats()
    {
        // Nested repetition is what makes backtracking exponential; the budget covers what is merely slow.
        foreach (var regex in BuiltInRegexes())
        {
            var pattern = DelimitedNestedRepetitions.Aggregate(regex.Pattern, (p, allowed) => p.Replace(allowed, "x", StringComparison.Ordinal));
            RepeatsARepeatingGroup(pattern).ShouldBeFalse(regex.Pattern);
        }
    }

    [Theory]
    [InlineData("^(a+)+$", true)]
    [InlineData("(?:[a-z]{2,5}\\.){1,3}", true)]
    [InlineData("(?:ab|cd){2,}", false)]
    [InlineData("(?:[a-z]{2,5})?x", false)]
    [InlineData("[(a+)+]", false)]
    [InlineData("\\((a+)\\)+", false)]
    [InlineData("(a(?:b+)c)*", true)]
    public void The_nested_repetition_check_reads_groups_classes_and_escapes(string pattern, bool nested)
    {
        RepeatsARepeatingGroup(pattern).ShouldBe(nested);
    }

    private static List<(int Index, int Length, string? Secret)> MatchesWithSecrets(RuleRegex regex, string sample, int group)
    {
        var found = new List<(int Index, int Length)>();
        regex.Matches(sample, found);
        return found.Select(m => (m.Index, m.Length, group == 0 ? null : regex.Group(sample, m.Index, m.Length, group)?.Value)).ToList();
    }

    private static IEnumerable<RuleRegex> BuiltInRegexes()
    {
        foreach (var rule in SecretRuleLoader.Defaults)
        {
            yield return rule.Regex;
            if (rule.PathRegex is { } path)
            {
                yield return path;
            }
            foreach (var allowlist in rule.Allowlists)
            {
                foreach (var regex in allowlist.Regexes.Concat(allowlist.Paths))
                {
                    yield return regex;
                }
            }
        }
    }

    private static SortedSet<string> BuiltInPatterns() => new(BuiltInRegexes().Select(r => r.Pattern), StringComparer.Ordinal);

    private static string Generate(IEnumerable<string> patterns)
    {
        var list = patterns.ToList();
        var text = new StringBuilder();
        text.Append("// <auto-generated/>\n#nullable enable\n");
        text.Append("// Written by PrecompiledRuleRegexesTests from default-rules.toml; do not edit (see PrecompiledRuleRegexes.cs).\n");
        text.Append("using System.Text.RegularExpressions;\n\nnamespace Bulwark.Scanning.Secrets;\n\n");
        text.Append("internal static partial class PrecompiledRuleRegexes\n{\n");
        text.Append("    /// <summary>The build-time compiled form of <paramref name=\"pattern\"/>, or null when it has none.</summary>\n");
        text.Append("    public static Regex? Find(string pattern) => pattern switch\n    {\n");
        for (var i = 0; i < list.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"        {Verbatim(list[i])} => P{i:D3}(),\n");
        }
        text.Append("        _ => null,\n    };\n");
        for (var i = 0; i < list.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n    [GeneratedRegex({Verbatim(list[i])}, RegexOptions.CultureInvariant)]\n");
            text.Append(CultureInfo.InvariantCulture, $"    private static partial Regex P{i:D3}();\n");
        }
        text.Append("}\n");
        return text.ToString();
    }

    private static string Verbatim(string value) => "@\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>True when a group that contains a quantifier is itself repeated more than once (*, +, {n,m} with m > 1).</summary>
    private static bool RepeatsARepeatingGroup(string pattern)
    {
        var groups = new Stack<bool>();
        var lastGroupRepeats = false;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
                lastGroupRepeats = false;
                continue;
            }
            if (inClass)
            {
                inClass = c != ']';
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        i++;
                    }
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        i++;
                    }
                    lastGroupRepeats = false;
                    break;
                case '(':
                    groups.Push(false);
                    break;
                case ')':
                    lastGroupRepeats = groups.Count > 0 && groups.Pop();
                    if (lastGroupRepeats && groups.Count > 0)
                    {
                        groups.Pop();
                        groups.Push(true);
                    }
                    continue;
                case '*' or '+' or '{':
                    var repeats = c != '{' || !IsAtMostOnce(pattern, i);
                    if (c == '{' && !char.IsAsciiDigit(i + 1 < pattern.Length ? pattern[i + 1] : ' '))
                    {
                        break;
                    }
                    if (repeats && lastGroupRepeats)
                    {
                        return true;
                    }
                    if (repeats && groups.Count > 0)
                    {
                        groups.Pop();
                        groups.Push(true);
                    }
                    break;
            }
            lastGroupRepeats = false;
        }
        return false;
    }

    /// <summary>{0,1} or {1} or {0}: a quantifier that never repeats.</summary>
    private static bool IsAtMostOnce(string pattern, int brace)
    {
        var close = pattern.IndexOf('}', brace);
        if (close < 0)
        {
            return false;
        }
        var parts = pattern[(brace + 1)..close].Split(',');
        var upper = parts.Length == 1 ? parts[0] : parts[1];
        return int.TryParse(upper, NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max <= 1;
    }
}
