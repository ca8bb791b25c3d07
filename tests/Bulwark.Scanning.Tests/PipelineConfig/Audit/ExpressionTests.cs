using Bulwark.Scanning.PipelineConfig.Audit;
using Bulwark.Scanning.PipelineConfig.Audit.Expressions;

namespace Bulwark.Scanning.Tests.PipelineConfig.Audit;

/// <summary>The ${{ }} parser and the evaluator that decides which context values reach the text.</summary>
public sealed class ExpressionTests
{
    private static Expr Parse(string text)
    {
        var expr = ExpressionParser.Parse(text, AuditLimits.Default, out var error, out _);
        error.ShouldBeNull(text);
        return expr!;
    }

    private static Trust Worst(string text) =>
        ExpressionFlow.Of(Parse(text)).Select(ContextTrust.Of).DefaultIfEmpty(Trust.Safe).Max();

    [Theory]
    [InlineData("github.event.pull_request.title", "Attacker")]
    [InlineData("github.event['pull_request']['body']", "Attacker")]
    [InlineData("github.event.commits[0].message", "Attacker")]
    [InlineData("github.event.commits.*.author.email", "Attacker")]
    [InlineData("github.head_ref || github.ref_name", "Attacker")]
    [InlineData("format('PR: {0}', github.event.pull_request.title)", "Attacker")]
    [InlineData("toJSON(github.event.pull_request)", "Attacker")]
    [InlineData("toJSON(github.event)", "Attacker")]
    [InlineData("fromJSON(github.event.comment.body).cmd", "Attacker")]
    [InlineData("github.event_name == 'push' && github.event.issue.title", "Attacker")]
    [InlineData("inputs.version", "Input")]
    [InlineData("github.event.pull_request.number", "Safe")]
    [InlineData("github.event.pull_request.head.sha", "Safe")]
    [InlineData("github.sha", "Safe")]
    [InlineData("contains(github.event.pull_request.title, 'wip')", "Safe")]
    [InlineData("github.event.pull_request.title == 'release'", "Safe")]
    [InlineData("!github.event.pull_request.body", "Safe")]
    [InlineData("github.event.issue.title && 'yes' || 'no'", "Safe")]
    [InlineData("startsWith(github.head_ref, 'release/')", "Safe")]
    [InlineData("hashFiles('**/package-lock.json')", "Safe")]
    [InlineData("github.event.pull_request.user.login", "Safe")]
    [InlineData("1.5e3 > 0x10", "Safe")]
    public void Trust_of_expression_values(string expression, string expected) => Worst(expression).ToString().ShouldBe(expected);

    [Theory]
    [InlineData("github.event.", "expected a property name")]
    [InlineData("format('a'", "expected ')'")]
    [InlineData("'unterminated", "unterminated string")]
    [InlineData("a == == b", "unexpected '='")]
    [InlineData("github.actor )", "unexpected ')'")]
    public void Syntax_errors_say_what_and_where(string expression, string message)
    {
        ExpressionParser.Parse(expression, AuditLimits.Default, out var error, out var offset).ShouldBeNull();
        error.ShouldNotBeNull();
        error.ShouldContain(message);
        offset.ShouldBeInRange(0, expression.Length);
    }

    [Fact]
    public void Deep_nesting_and_long_expressions_are_refused_not_recursed()
    {
        var deep = new string('(', 100_000) + "a" + new string(')', 100_000);
        ExpressionParser.Parse(deep, AuditLimits.Default with { MaxExpressionLength = 1_000_000 }, out var error, out _).ShouldBeNull();
        error!.ShouldContain("nested deeper than 64");
        var nots = new string('!', 10_000) + "a";
        ExpressionParser.Parse(nots, AuditLimits.Default with { MaxExpressionLength = 1_000_000 }, out error, out _).ShouldBeNull();
        error!.ShouldContain("nested deeper");
        ExpressionParser.Parse(new string('a', 5000), AuditLimits.Default, out error, out _).ShouldBeNull();
        error!.ShouldContain("longer than 4096");
    }

    [Fact]
    public void Embedded_expressions_skip_braces_inside_quotes()
    {
        var found = EmbeddedExpressions.Find("echo ${{ format('}}{0}', github.head_ref) }} and ${{ github.sha }}");
        found.Select(f => f.Inner).ShouldBe(["format('}}{0}', github.head_ref)", "github.sha"]);
    }
}
