using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.Tests.PipelineConfig.Definition;

public sealed class ConditionParserTests
{
    private static readonly ConditionContext PushToMain = new("main", "", "push");

    [Theory]
    [InlineData("branch == 'main'", true)]
    [InlineData("branch != 'main'", false)]
    [InlineData("branch == 'main' && event != 'pull_request'", true)]
    [InlineData("event == 'tag' || branch == 'main'", true)]
    [InlineData("!(branch == 'main')", false)]
    [InlineData("! ( event == 'manual' || tag != '' )", true)]
    [InlineData("startsWith(branch, 'ma')", true)]
    [InlineData("startsWith(branch,'release/') || startsWith(tag, 'v')", false)]
    [InlineData("'it''s' == 'it''s'", true)]
    [InlineData("event == 'push' && (branch == 'dev' || branch == 'main')", true)]
    public void Valid_conditions_evaluate_against_the_run(string text, bool expected)
    {
        var condition = ConditionParser.Parse(text, out var error, out _);

        error.ShouldBeNull();
        condition.ShouldNotBeNull().Evaluate(PushToMain).ShouldBe(expected);
    }

    [Theory]
    [InlineData("branch", "expected '==' or '!=' after a value", 6)]
    [InlineData("branch = 'main'", "expected '==' or '!=' after a value", 7)]
    [InlineData("branch == main", "unknown name 'main' (expected branch, tag, event, startsWith or a 'string')", 10)]
    [InlineData("branch == 'main", "unterminated string literal", 10)]
    [InlineData("(branch == 'main'", "expected ')'", 17)]
    [InlineData("branch == 'main' &&", "expected branch, tag, event or a 'string'", 19)]
    [InlineData("branch == 'main' & tag == ''", "unexpected '&'", 17)]
    [InlineData("startsWith(branch 'x')", "expected ','", 18)]
    [InlineData("secrets.TOKEN == 'x'", "unknown name 'secrets' (expected branch, tag, event, startsWith or a 'string')", 0)]
    [InlineData("", "expected branch, tag, event or a 'string'", 0)]
    [InlineData("event == 'pull-request'", "unknown event 'pull-request' (expected push, pull_request, tag, manual, schedule)", 9)]
    [InlineData(" 'tags' != event", "unknown event 'tags' (expected push, pull_request, tag, manual, schedule)", 1)]
    public void Invalid_conditions_name_the_problem_and_its_offset(string text, string message, int offset)
    {
        ConditionParser.Parse(text, out var error, out var at).ShouldBeNull();

        error.ShouldBe(message);
        at.ShouldBe(offset);
    }

    [Fact]
    public void Deep_nesting_and_long_conditions_are_refused()
    {
        ConditionParser.Parse(new string('(', 100) + "branch == 'x'" + new string(')', 100), out var deep, out _).ShouldBeNull();
        deep.ShouldBe("condition nested deeper than 32 levels");
        ConditionParser.Parse(new string('!', 10_000) + "branch == 'x'", out var longer, out _).ShouldBeNull();
        longer.ShouldBe("condition longer than 1024 characters");
    }
}
