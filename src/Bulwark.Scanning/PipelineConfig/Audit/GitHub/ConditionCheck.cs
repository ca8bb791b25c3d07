using Bulwark.Core.Findings;
using Bulwark.Scanning.PipelineConfig.Audit.Expressions;
using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.GitHub;

/// <summary>
/// <c>if:</c> conditions: always true because of text around the <c>${{ }}</c> (unsound), or guarding on
/// <c>github.actor</c> being a bot (spoofable).
/// </summary>
internal static class ConditionCheck
{
    private static readonly string[] ActorPaths = ["github.actor", "github.triggering_actor", "github.event.sender.login"];

    public static void Check(Workflow workflow, AuditSink sink)
    {
        var pullRequests = workflow.RunsForForkPullRequests;
        foreach (var job in workflow.Jobs)
        {
            CheckCondition(job.If, $"job '{job.Id}'", pullRequests, sink);
            foreach (var step in job.Steps)
            {
                CheckCondition(step.If, $"step '{step.Describe()}'", pullRequests, sink);
            }
        }
    }

    private static void CheckCondition(YamlNode? condition, string where, bool pullRequests, AuditSink sink)
    {
        if (condition is not { Kind: YamlNodeKind.Scalar } || condition.IsNull)
        {
            return;
        }
        var text = condition.Value;
        List<(Expr? Expr, int Line, int Column)> parsed;
        if (EmbeddedExpressions.Contains(text))
        {
            var expressions = sink.Expressions.Analyze(condition);
            var whole = expressions.Count == 1 && expressions[0].Embedded.Start == 0 && expressions[0].Embedded.End == text.Length;
            if (!whole && expressions.Count > 0)
            {
                sink.Report(AuditRules.UnsoundCondition, condition,
                    $"the if: of {where} is text around ${{{{ }}}} ({Describe(text, expressions[0].Embedded)}), which GitHub treats as a non-empty string: always true",
                    where);
            }
            parsed = [.. expressions.Select(e => (e.Expr, e.Line, e.Column))];
        }
        else
        {
            var expr = ExpressionParser.Parse(text, sink.Options.Limits, out var error, out var offset);
            if (expr is null)
            {
                sink.Warnings.Add($"invalid if: of {where}: {error}", condition.Line, text.AsSpan(0, Math.Min(offset, text.Length)).Contains('\n') ? condition.Column : condition.Column + offset);
            }
            parsed = [(expr, condition.Line, condition.Column)];
        }
        foreach (var (expr, line, column) in parsed)
        {
            if (expr is not null && BotComparison(expr) is { } actor)
            {
                sink.Report(AuditRules.BotCondition, line, column,
                    $"the if: of {where} trusts {actor} to identify a bot; the actor of an event can be made a bot by an attacker",
                    where, pullRequests ? Severity.High : Severity.Medium);
            }
        }
    }

    private static string Describe(string text, EmbeddedExpression first)
    {
        var before = text[..first.Start];
        var after = text[first.End..];
        return after.Trim().Length == 0 && after.Contains('\n') ? "a trailing newline, as a | block adds" : before.Trim().Length > 0 || after.Trim().Length > 0 ? "extra text" : "surrounding whitespace";
    }

    /// <summary>The actor path compared with a bot name (<c>== 'x[bot]'</c>, or contains/endsWith '[bot]'), or null.</summary>
    private static string? BotComparison(Expr expr)
    {
        var stack = new Stack<(Expr, int)>();
        stack.Push((expr, 0));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > 256)
            {
                continue;
            }
            switch (node)
            {
                case BinaryExpr { Operator: "==" } b when Actor(b.Left) is { } a && IsBot(b.Right):
                    return a;
                case BinaryExpr { Operator: "==" } b when Actor(b.Right) is { } a && IsBot(b.Left):
                    return a;
                case CallExpr { Function: "contains" or "endswith" or "startswith", Arguments.Count: 2 } c when Actor(c.Arguments[0]) is { } a && IsBot(c.Arguments[1]):
                    return a;
                case BinaryExpr b:
                    stack.Push((b.Left, depth + 1));
                    stack.Push((b.Right, depth + 1));
                    break;
                case NotExpr:
                    // `!(github.actor == 'x[bot]')` excludes the bot: spoofing it gains nothing.
                    break;
                case CallExpr c:
                    foreach (var argument in c.Arguments)
                    {
                        stack.Push((argument, depth + 1));
                    }
                    break;
            }
        }
        return null;
    }

    private static string? Actor(Expr expr) => ExpressionFlow.PathOf(expr) is { } path && ActorPaths.Contains(path) ? path : null;

    private static bool IsBot(Expr expr) =>
        expr is LiteralExpr { Kind: LiteralKind.String } literal && (literal.Value.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase) || literal.Value.Contains("dependabot", StringComparison.OrdinalIgnoreCase) || literal.Value.Contains("renovate", StringComparison.OrdinalIgnoreCase));
}
