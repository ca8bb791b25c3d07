namespace Bulwark.Scanning.Code.Python;

/// <summary>A node of the syntax tree; <see cref="Offset"/> is where it starts in the source text.</summary>
internal abstract record Node(int Offset);

/// <summary>An expression. The set mirrors Python's own <c>ast</c> module, minus the load/store contexts.</summary>
internal abstract record Expr(int Offset) : Node(Offset);

internal sealed record NameExpr(int Offset, string Id) : Expr(Offset);

internal enum ConstantKind : byte { String, Bytes, Number, True, False, None, Ellipsis }

/// <summary>A literal; for strings, <see cref="Value"/> holds the decoded text of all adjacent pieces.</summary>
internal sealed record ConstantExpr(int Offset, ConstantKind Kind, string Value) : Expr(Offset);

/// <summary>An f-string (possibly concatenated with plain strings): its literal text and its fields' expressions.</summary>
internal sealed record FStringExpr(int Offset, string Literal, IReadOnlyList<Expr> Values) : Expr(Offset);

internal sealed record AttributeExpr(int Offset, Expr Value, string Attr) : Expr(Offset);

/// <summary>A keyword argument; <see cref="Name"/> is null for <c>**mapping</c>.</summary>
internal sealed record Keyword(int Offset, string? Name, Expr Value) : Node(Offset);

internal sealed record CallExpr(int Offset, Expr Func, IReadOnlyList<Expr> Args, IReadOnlyList<Keyword> Keywords) : Expr(Offset);

internal sealed record SubscriptExpr(int Offset, Expr Value, Expr Index) : Expr(Offset);

internal sealed record SliceExpr(int Offset, Expr? Lower, Expr? Upper, Expr? Step) : Expr(Offset);

internal sealed record BinaryExpr(int Offset, Expr Left, TokenKind Op, Expr Right) : Expr(Offset);

internal sealed record UnaryExpr(int Offset, TokenKind Op, Expr Operand) : Expr(Offset);

/// <summary>and/or chains.</summary>
internal sealed record BoolExpr(int Offset, TokenKind Op, IReadOnlyList<Expr> Values) : Expr(Offset);

/// <summary>Comparison chains; <see cref="Ops"/> uses <see cref="TokenKind.In"/>/<see cref="TokenKind.Is"/> with a Not flag folded into <see cref="CompareOp"/>.</summary>
internal sealed record CompareExpr(int Offset, Expr Left, IReadOnlyList<CompareOp> Ops, IReadOnlyList<Expr> Comparators) : Expr(Offset);

internal readonly record struct CompareOp(TokenKind Kind, bool Negated);

internal sealed record IfExpr(int Offset, Expr Test, Expr Body, Expr OrElse) : Expr(Offset);

internal sealed record LambdaExpr(int Offset, IReadOnlyList<Parameter> Parameters, Expr Body) : Expr(Offset);

internal sealed record NamedExpr(int Offset, NameExpr Target, Expr Value) : Expr(Offset);

internal enum SequenceKind : byte { Tuple, List, Set }

internal sealed record SequenceExpr(int Offset, SequenceKind Kind, IReadOnlyList<Expr> Elements) : Expr(Offset);

/// <summary>A dict display; a null key marks <c>**mapping</c> unpacking.</summary>
internal sealed record DictExpr(int Offset, IReadOnlyList<Expr?> Keys, IReadOnlyList<Expr> Values) : Expr(Offset);

internal enum ComprehensionKind : byte { List, Set, Dict, Generator }

internal sealed record ComprehensionExpr(int Offset, ComprehensionKind Kind, Expr Element, Expr? Value, IReadOnlyList<ForClause> Clauses) : Expr(Offset);

internal sealed record ForClause(int Offset, Expr Target, Expr Iter, IReadOnlyList<Expr> Ifs, bool IsAsync) : Node(Offset);

/// <summary><c>*x</c> (or <c>**x</c> where a parameter list or dict allows it).</summary>
internal sealed record StarredExpr(int Offset, Expr Value) : Expr(Offset);

internal sealed record AwaitExpr(int Offset, Expr Value) : Expr(Offset);

internal sealed record YieldExpr(int Offset, Expr? Value, bool IsFrom) : Expr(Offset);

internal enum ParameterKind : byte { PositionalOnly, Normal, VarArgs, KeywordOnly, KwArgs }

internal sealed record Parameter(int Offset, string Name, Expr? Annotation, Expr? Default, ParameterKind Kind) : Node(Offset);

/// <summary>A PEP 695 type parameter: T, T: bound, *Ts, **P, with an optional default (PEP 696).</summary>
internal sealed record TypeParameter(int Offset, string Name, Expr? Bound, Expr? Default, ParameterKind Kind) : Node(Offset);
