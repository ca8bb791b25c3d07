using System.Text;

namespace Bulwark.Scanning.PipelineConfig.Audit.Expressions;

/// <summary>A context path whose value can reach an expression's result; <see cref="Serialized"/> when through <c>toJSON</c>.</summary>
internal readonly record struct ContextFlow(string Path, bool Serialized);

/// <summary>
/// Which context values can end up in the text an expression produces. Comparisons, <c>!</c>, <c>contains</c>,
/// <c>startsWith</c>, <c>endsWith</c>, status functions and <c>hashFiles</c> yield booleans or hashes, so nothing
/// an attacker wrote survives them; <c>a &amp;&amp; b</c> yields <c>b</c> or a falsy value; <c>a || b</c> either;
/// <c>format</c>, <c>join</c>, <c>toJSON</c> and <c>fromJSON</c> pass their arguments through.
/// </summary>
internal static class ExpressionFlow
{
    private static readonly HashSet<string> Opaque = new(StringComparer.Ordinal)
    {
        "contains", "startswith", "endswith", "success", "always", "failure", "cancelled", "hashfiles",
    };

    public static List<ContextFlow> Of(Expr expr)
    {
        var flows = new List<ContextFlow>();
        Collect(expr, false, flows, 0);
        return flows;
    }

    /// <summary>The normalised path of a context access (<c>github.event.commits.*.message</c>), or null when it is not one.</summary>
    public static string? PathOf(Expr expr)
    {
        var builder = new StringBuilder();
        return Append(expr, builder, 0) ? builder.ToString() : null;
    }

    /// <summary>Every context path read anywhere in the expression, including in conditions and indexes.</summary>
    public static IEnumerable<(string Path, Expr Node)> Reads(Expr expr)
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
            if (node is NameExpr or AccessExpr && PathOf(node) is { } path)
            {
                yield return (path, node);
            }
            foreach (var child in Children(node))
            {
                stack.Push((child, depth + 1));
            }
        }
    }

    private static IEnumerable<Expr> Children(Expr node) => node switch
    {
        AccessExpr a => a.Index is null ? [a.Target] : [a.Target, a.Index],
        CallExpr c => c.Arguments,
        NotExpr n => [n.Operand],
        BinaryExpr b => [b.Left, b.Right],
        _ => [],
    };

    private static void Collect(Expr expr, bool serialized, List<ContextFlow> flows, int depth)
    {
        if (depth > 256)
        {
            return;
        }
        switch (expr)
        {
            case NameExpr or AccessExpr when PathOf(expr) is { } path:
                flows.Add(new ContextFlow(path, serialized));
                break;
            case AccessExpr access:
                // An access on a call result (fromJSON(x).field): the value comes from the call's arguments.
                Collect(access.Target, serialized, flows, depth + 1);
                break;
            case CallExpr call when Opaque.Contains(call.Function):
                break;
            case CallExpr call:
                var serializes = serialized || call.Function == "tojson";
                foreach (var argument in call.Arguments)
                {
                    Collect(argument, serializes, flows, depth + 1);
                }
                break;
            case BinaryExpr { Operator: "&&" } and:
                Collect(and.Right, serialized, flows, depth + 1);
                break;
            case BinaryExpr { Operator: "||" } or:
                Collect(or.Left, serialized, flows, depth + 1);
                Collect(or.Right, serialized, flows, depth + 1);
                break;
        }
    }

    private static bool Append(Expr expr, StringBuilder path, int depth)
    {
        if (depth > 128)
        {
            return false;
        }
        switch (expr)
        {
            case NameExpr name:
                path.Append(name.Name);
                return true;
            case AccessExpr access when Append(access.Target, path, depth + 1):
                path.Append('.');
                path.Append(access.Index switch
                {
                    null => access.Name!.ToLowerInvariant(),
                    LiteralExpr { Kind: LiteralKind.String } s => s.Value.ToLowerInvariant(),
                    _ => "*",
                });
                return true;
            default:
                return false;
        }
    }
}
