namespace Bulwark.Scanning.Code.Python;

internal sealed partial class PythonParser
{
    private void Statement(List<Stmt> into)
    {
        switch (Kind)
        {
            case TokenKind.Def or TokenKind.Class or TokenKind.At:
                into.Add(Definition([]));
                return;
            case TokenKind.Async when PeekKind(1) is TokenKind.Def or TokenKind.For or TokenKind.With:
            case TokenKind.If or TokenKind.While or TokenKind.For or TokenKind.Try or TokenKind.With:
                into.Add(Compound());
                return;
            case TokenKind.Name when IsName("match") && PeekKind(1) is not (TokenKind.Equal or TokenKind.Dot or TokenKind.Newline or TokenKind.Colon or TokenKind.ColonEqual or TokenKind.Comma or TokenKind.RParen or TokenKind.Semicolon)
                && Try(MatchHeader) is { } header:
                into.Add(MatchBody(header.Offset, header.Subject));
                return;
        }
        SimpleStatements(into);
    }

    private void SimpleStatements(List<Stmt> into)
    {
        while (true)
        {
            into.Add(SmallStatement());
            if (!Accept(TokenKind.Semicolon) || Kind is TokenKind.Newline or TokenKind.EndMarker)
            {
                break;
            }
        }
        if (Kind != TokenKind.EndMarker)
        {
            Expect(TokenKind.Newline, "end of statement");
        }
    }

    private Stmt SmallStatement()
    {
        var start = Current.Start;
        switch (Kind)
        {
            case TokenKind.Pass or TokenKind.Break or TokenKind.Continue:
                return new KeywordStmt(start, Advance().Kind);
            case TokenKind.Return:
                Advance();
                return new ReturnStmt(start, CanStartExpression(Kind) ? StarExpressions() : null);
            case TokenKind.Import:
                Advance();
                return new ImportStmt(start, ImportNames(dotted: true));
            case TokenKind.From:
                return ImportFrom();
            case TokenKind.Raise:
                Advance();
                if (!CanStartExpression(Kind))
                {
                    return new RaiseStmt(start, null, null);
                }
                var exception = Expression();
                return new RaiseStmt(start, exception, Accept(TokenKind.From) ? Expression() : null);
            case TokenKind.Global or TokenKind.Nonlocal:
                var keyword = Advance().Kind;
                var names = new List<string> { ExpectName("a name") };
                while (Accept(TokenKind.Comma))
                {
                    names.Add(ExpectName("a name"));
                }
                return new ScopeStmt(start, keyword, names);
            case TokenKind.Del:
                Advance();
                return new DeleteStmt(start, ExpressionList(star: true));
            case TokenKind.Assert:
                Advance();
                var test = Expression();
                return new AssertStmt(start, test, Accept(TokenKind.Comma) ? Expression() : null);
            case TokenKind.Name when IsName("type") && PeekKind(1) == TokenKind.Name && PeekKind(2) is TokenKind.Equal or TokenKind.LBracket:
                Advance();
                var name = ExpectName("a type alias name");
                var parameters = Kind == TokenKind.LBracket ? TypeParameters() : [];
                Expect(TokenKind.Equal, "'='");
                return new TypeAliasStmt(start, name, parameters, Expression());
        }
        return ExpressionStatement(start);
    }

    private Stmt ExpressionStatement(int start)
    {
        var first = Kind == TokenKind.Yield ? Yield() : StarExpressions();
        if (Accept(TokenKind.Colon))
        {
            var annotation = Expression();
            return new AnnAssignStmt(start, first, annotation, Accept(TokenKind.Equal) ? AssignedValue() : null);
        }
        if (Kind is >= TokenKind.PlusEqual and <= TokenKind.AtEqual)
        {
            var op = Advance().Kind;
            return new AugAssignStmt(start, first, op, AssignedValue());
        }
        if (Kind != TokenKind.Equal)
        {
            return new ExprStmt(start, first);
        }
        var targets = new List<Expr>();
        var value = first;
        while (Accept(TokenKind.Equal))
        {
            targets.Add(value);
            value = AssignedValue();
        }
        return new AssignStmt(start, targets, value);
    }

    private Expr AssignedValue() => Kind == TokenKind.Yield ? Yield() : StarExpressions();

    private List<ImportAlias> ImportNames(bool dotted)
    {
        var names = new List<ImportAlias>();
        var parenthesized = !dotted && Accept(TokenKind.LParen);
        do
        {
            if (parenthesized && Kind == TokenKind.RParen)
            {
                break;
            }
            var start = Current.Start;
            var name = dotted ? DottedName() : ExpectName("a name to import");
            names.Add(new ImportAlias(start, name, Accept(TokenKind.As) ? ExpectName("a name after 'as'") : null));
        }
        while (Accept(TokenKind.Comma));
        if (parenthesized)
        {
            Expect(TokenKind.RParen, "')'");
        }
        return names;
    }

    private string DottedName()
    {
        var name = ExpectName("a module name");
        while (Kind == TokenKind.Dot && PeekKind(1) == TokenKind.Name)
        {
            Advance();
            name = $"{name}.{Text(Advance())}";
        }
        return name;
    }

    private ImportFromStmt ImportFrom()
    {
        var start = Advance().Start;
        var level = 0;
        while (Kind is TokenKind.Dot or TokenKind.Ellipsis)
        {
            level += Advance().Kind == TokenKind.Dot ? 1 : 3;
        }
        var module = Kind == TokenKind.Name ? DottedName() : null;
        if (module is null && level == 0)
        {
            throw Error("expected a module name");
        }
        Expect(TokenKind.Import, "'import'");
        if (Kind == TokenKind.Star)
        {
            var star = Advance().Start;
            return new ImportFromStmt(start, module, level, [new ImportAlias(star, "*", null)]);
        }
        return new ImportFromStmt(start, module, level, ImportNames(dotted: false));
    }

    /// <summary>A block after ':' — an indented suite, or simple statements on the same line.</summary>
    private List<Stmt> Block()
    {
        Expect(TokenKind.Colon, "':'");
        if (Accept(TokenKind.Newline))
        {
            if (Kind != TokenKind.Indent)
            {
                throw Error("expected an indented block");
            }
            Advance();
            Enter();
            var body = Statements(topLevel: false);
            Exit();
            Accept(TokenKind.Dedent);
            return body;
        }
        var statements = new List<Stmt>();
        SimpleStatements(statements);
        return statements;
    }

    private Stmt Definition(List<Expr> decorators)
    {
        while (Kind == TokenKind.At)
        {
            Advance();
            decorators.Add(NamedExpression());
            Expect(TokenKind.Newline, "end of line after decorator");
        }
        var start = Current.Start;
        var isAsync = Accept(TokenKind.Async);
        if (Accept(TokenKind.Def))
        {
            var name = ExpectName("a function name");
            var typeParameters = Kind == TokenKind.LBracket ? TypeParameters() : [];
            Expect(TokenKind.LParen, "'('");
            var parameters = ParameterList(TokenKind.RParen, annotations: true);
            Expect(TokenKind.RParen, "')'");
            var returns = Accept(TokenKind.Arrow) ? Expression() : null;
            return new FunctionDef(start, name, typeParameters, parameters, returns, Block(), decorators, isAsync);
        }
        if (!isAsync && Accept(TokenKind.Class))
        {
            var name = ExpectName("a class name");
            var typeParameters = Kind == TokenKind.LBracket ? TypeParameters() : [];
            IReadOnlyList<Expr> bases = [];
            IReadOnlyList<Keyword> keywords = [];
            if (Accept(TokenKind.LParen))
            {
                (bases, keywords) = Arguments();
            }
            return new ClassDef(start, name, typeParameters, bases, keywords, Block(), decorators);
        }
        throw Error("expected 'def' or 'class' after decorators");
    }

    private List<TypeParameter> TypeParameters()
    {
        Expect(TokenKind.LBracket, "'['");
        var parameters = new List<TypeParameter>();
        while (Kind != TokenKind.RBracket)
        {
            var start = Current.Start;
            var kind = Accept(TokenKind.Star) ? ParameterKind.VarArgs : Accept(TokenKind.DoubleStar) ? ParameterKind.KwArgs : ParameterKind.Normal;
            var name = ExpectName("a type parameter");
            var bound = kind == ParameterKind.Normal && Accept(TokenKind.Colon) ? Expression() : null;
            var defaultValue = Accept(TokenKind.Equal) ? (Kind == TokenKind.Star ? StarExpression() : Expression()) : null;
            parameters.Add(new TypeParameter(start, name, bound, defaultValue, kind));
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }
        Expect(TokenKind.RBracket, "']'");
        return parameters;
    }

    /// <summary>def and lambda parameters up to <paramref name="closing"/>: /, *, *args, keyword-only, **kwargs.</summary>
    private List<Parameter> ParameterList(TokenKind closing, bool annotations)
    {
        var parameters = new List<Parameter>();
        var kind = ParameterKind.Normal;
        while (Kind != closing)
        {
            var start = Current.Start;
            if (Accept(TokenKind.Slash))
            {
                for (var i = 0; i < parameters.Count; i++)
                {
                    parameters[i] = parameters[i] with { Kind = ParameterKind.PositionalOnly };
                }
            }
            else if (Accept(TokenKind.Star))
            {
                if (Kind == TokenKind.Name)
                {
                    var name = Name(Advance());
                    var annotation = annotations && Accept(TokenKind.Colon) ? (Kind == TokenKind.Star ? StarExpression() : Expression()) : null;
                    parameters.Add(new Parameter(start, name, annotation, null, ParameterKind.VarArgs));
                }
                kind = ParameterKind.KeywordOnly;
            }
            else if (Accept(TokenKind.DoubleStar))
            {
                var name = ExpectName("a parameter name");
                var annotation = annotations && Accept(TokenKind.Colon) ? Expression() : null;
                parameters.Add(new Parameter(start, name, annotation, null, ParameterKind.KwArgs));
            }
            else
            {
                var name = ExpectName("a parameter name");
                var annotation = annotations && Accept(TokenKind.Colon) ? Expression() : null;
                var defaultValue = Accept(TokenKind.Equal) ? Expression() : null;
                parameters.Add(new Parameter(start, name, annotation, defaultValue, kind));
            }
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }
        return parameters;
    }
}
