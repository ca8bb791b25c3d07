namespace Bulwark.Scanning.Code.Python;

internal abstract record Stmt(int Offset) : Node(Offset);

internal sealed record ExprStmt(int Offset, Expr Value) : Stmt(Offset);

/// <summary><c>a = b = value</c>: every target, then the value.</summary>
internal sealed record AssignStmt(int Offset, IReadOnlyList<Expr> Targets, Expr Value) : Stmt(Offset);

internal sealed record AugAssignStmt(int Offset, Expr Target, TokenKind Op, Expr Value) : Stmt(Offset);

internal sealed record AnnAssignStmt(int Offset, Expr Target, Expr Annotation, Expr? Value) : Stmt(Offset);

internal sealed record ReturnStmt(int Offset, Expr? Value) : Stmt(Offset);

internal sealed record DeleteStmt(int Offset, IReadOnlyList<Expr> Targets) : Stmt(Offset);

/// <summary>pass, break, continue.</summary>
internal sealed record KeywordStmt(int Offset, TokenKind Keyword) : Stmt(Offset);

internal sealed record RaiseStmt(int Offset, Expr? Exception, Expr? Cause) : Stmt(Offset);

/// <summary>global and nonlocal declarations.</summary>
internal sealed record ScopeStmt(int Offset, TokenKind Keyword, IReadOnlyList<string> Names) : Stmt(Offset);

internal sealed record AssertStmt(int Offset, Expr Test, Expr? Message) : Stmt(Offset);

internal sealed record ImportAlias(int Offset, string Name, string? AsName) : Node(Offset);

internal sealed record ImportStmt(int Offset, IReadOnlyList<ImportAlias> Names) : Stmt(Offset);

/// <summary><c>from .module import a as b</c>; <see cref="Level"/> counts the leading dots.</summary>
internal sealed record ImportFromStmt(int Offset, string? Module, int Level, IReadOnlyList<ImportAlias> Names) : Stmt(Offset);

internal sealed record IfStmt(int Offset, Expr Test, IReadOnlyList<Stmt> Body, IReadOnlyList<Stmt> OrElse) : Stmt(Offset);

internal sealed record WhileStmt(int Offset, Expr Test, IReadOnlyList<Stmt> Body, IReadOnlyList<Stmt> OrElse) : Stmt(Offset);

internal sealed record ForStmt(int Offset, Expr Target, Expr Iter, IReadOnlyList<Stmt> Body, IReadOnlyList<Stmt> OrElse, bool IsAsync) : Stmt(Offset);

internal sealed record WithItem(int Offset, Expr Context, Expr? Target) : Node(Offset);

internal sealed record WithStmt(int Offset, IReadOnlyList<WithItem> Items, IReadOnlyList<Stmt> Body, bool IsAsync) : Stmt(Offset);

internal sealed record ExceptHandler(int Offset, Expr? Type, string? Name, IReadOnlyList<Stmt> Body) : Node(Offset);

internal sealed record TryStmt(int Offset, IReadOnlyList<Stmt> Body, IReadOnlyList<ExceptHandler> Handlers, IReadOnlyList<Stmt> OrElse, IReadOnlyList<Stmt> Finally, bool IsStar) : Stmt(Offset);

internal sealed record FunctionDef(int Offset, string Name, IReadOnlyList<TypeParameter> TypeParameters, IReadOnlyList<Parameter> Parameters,
    Expr? Returns, IReadOnlyList<Stmt> Body, IReadOnlyList<Expr> Decorators, bool IsAsync) : Stmt(Offset);

internal sealed record ClassDef(int Offset, string Name, IReadOnlyList<TypeParameter> TypeParameters, IReadOnlyList<Expr> Bases,
    IReadOnlyList<Keyword> Keywords, IReadOnlyList<Stmt> Body, IReadOnlyList<Expr> Decorators) : Stmt(Offset);

internal sealed record MatchCase(int Offset, Pattern Pattern, Expr? Guard, IReadOnlyList<Stmt> Body) : Node(Offset);

internal sealed record MatchStmt(int Offset, Expr Subject, IReadOnlyList<MatchCase> Cases) : Stmt(Offset);

/// <summary>PEP 695 <c>type Alias[T] = value</c>.</summary>
internal sealed record TypeAliasStmt(int Offset, string Name, IReadOnlyList<TypeParameter> TypeParameters, Expr Value) : Stmt(Offset);

/// <summary>Stands in for a statement that did not parse; the error is in the module's error list.</summary>
internal sealed record InvalidStmt(int Offset) : Stmt(Offset);

internal enum PatternKind : byte { Value, Capture, Wildcard, Sequence, Mapping, Class, Star, Or, As }

/// <summary>
/// A match-case pattern. <see cref="Value"/> holds the literal, value or class expression; <see cref="Name"/>
/// the name a capture, star, as or mapping-rest pattern binds; <see cref="Keys"/> the mapping keys or class
/// keyword names (as constants) aligned with the last children.
/// </summary>
internal sealed record Pattern(int Offset, PatternKind Kind, Expr? Value, string? Name, IReadOnlyList<Pattern> Children, IReadOnlyList<Expr> Keys) : Node(Offset);
