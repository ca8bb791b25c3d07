using System.Buffers;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.Tests.Secrets;

public sealed class RequiredRunTests
{
    private static readonly RequiredRun Hex8 = new(SearchValues.Create("0123456789abcdef"), 8);

    [Theory]
    [InlineData("key = deadbeef", true)]
    [InlineData("deadbeef", true)]
    [InlineData("x deadbeefcafe y", true)]
    [InlineData("dead beef deadbee", false)]
    [InlineData("DEADBEEF", false)]
    [InlineData("", false)]
    [InlineData("abc-1234567-ffff", false)]
    public void Finds_a_run_of_the_required_length(string text, bool found) => Hex8.FoundIn(text).ShouldBe(found);

    [Fact]
    public void Agrees_with_a_naive_check_on_random_text()
    {
        var random = new Random(3);
        for (var round = 0; round < 5_000; round++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => "0123456789abcdefxyz -"[random.Next(21)]).ToArray());
            var naive = false;
            var current = 0;
            foreach (var c in text)
            {
                current = "0123456789abcdef".Contains(c) ? current + 1 : 0;
                naive |= current >= 8;
            }
            Hex8.FoundIn(text).ShouldBe(naive, text);
        }
    }

    [Fact]
    public void Every_default_rule_sample_that_must_match_contains_its_required_run()
    {
        foreach (var rule in SecretRuleLoader.Defaults.Where(r => r.RequiredRun is not null))
        {
            foreach (var sample in rule.TruePositives)
            {
                rule.RequiredRun!.FoundIn(sample).ShouldBeTrue($"{rule.Id}: {sample}");
            }
        }
    }
}
