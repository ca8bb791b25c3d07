namespace Bulwark.Scanning.PipelineConfig.Audit.Expressions;

/// <summary>A parsed GitHub Actions expression (the text inside <c>${{ }}</c> or an <c>if:</c>).</summary>
internal abstract record Expr;

internal enum LiteralKind
{
    String,
    Number,
    Boolean,
    Null,
}

internal sealed record LiteralExpr(LiteralKind Kind, string Value) : Expr;

/// <summary>A bare name: a context (<c>github</c>, <c>secrets</c>) or, before <c>(</c>, a function.</summary>
internal sealed record NameExpr(string Name) : Expr;

/// <summary><c>target.name</c>, <c>target.*</c> (Name "*") or <c>target[index]</c> (Index set).</summary>
internal sealed record AccessExpr(Expr Target, string? Name, Expr? Index) : Expr;

internal sealed record CallExpr(string Function, IReadOnlyList<Expr> Arguments) : Expr;

internal sealed record NotExpr(Expr Operand) : Expr;

/// <summary>A binary operator: <c>== != &lt; &lt;= &gt; &gt;= &amp;&amp; ||</c>.</summary>
internal sealed record BinaryExpr(string Operator, Expr Left, Expr Right) : Expr;
