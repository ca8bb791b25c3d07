namespace Bulwark.Scanning.Code.Python;

internal sealed partial class PythonParser
{
    private Stmt Compound()
    {
        var start = Current.Start;
        var isAsync = Accept(TokenKind.Async);
        if (isAsync && Kind == TokenKind.Def)
        {
            _pos--;
            return Definition([]);
        }
        switch (Advance().Kind)
        {
            case TokenKind.If:
                return IfTail(start);
            case TokenKind.While:
            {
                var test = NamedExpression();
                var body = Block();
                return new WhileStmt(start, test, body, Accept(TokenKind.Else) ? Block() : []);
            }
            case TokenKind.For:
            {
                var target = TargetList();
                Expect(TokenKind.In, "'in'");
                var iter = StarExpressions();
                var body = Block();
                return new ForStmt(start, target, iter, body, Accept(TokenKind.Else) ? Block() : [], isAsync);
            }
            case TokenKind.Try:
                return TryTail(start);
            case TokenKind.With:
            {
                var items = (Kind == TokenKind.LParen ? Try(ParenthesizedWithItems) : null) ?? WithItems();
                return new WithStmt(start, items, Block(), isAsync);
            }
            default:
                _pos--;
                throw Error("invalid syntax");
        }
    }

    private IfStmt IfTail(int start)
    {
        var test = NamedExpression();
        var body = Block();
        if (Kind == TokenKind.Elif)
        {
            var elifStart = Advance().Start;
            Enter();
            var nested = IfTail(elifStart);
            Exit();
            return new IfStmt(start, test, body, [nested]);
        }
        return new IfStmt(start, test, body, Accept(TokenKind.Else) ? Block() : []);
    }

    private TryStmt TryTail(int start)
    {
        var body = Block();
        var handlers = new List<ExceptHandler>();
        var isStar = false;
        while (Kind == TokenKind.Except)
        {
            var handlerStart = Advance().Start;
            isStar |= Accept(TokenKind.Star);
            Expr? type = null;
            string? name = null;
            if (Kind != TokenKind.Colon)
            {
                type = Expression();
                if (Kind == TokenKind.Comma)
                {
                    throw Error("multiple exception types must be parenthesized");
                }
                if (Accept(TokenKind.As))
                {
                    name = ExpectName("a name after 'as'");
                }
            }
            handlers.Add(new ExceptHandler(handlerStart, type, name, Block()));
        }
        var orElse = handlers.Count > 0 && Accept(TokenKind.Else) ? Block() : [];
        var final = Accept(TokenKind.Finally) ? Block() : [];
        if (handlers.Count == 0 && final.Count == 0)
        {
            throw Error("expected 'except' or 'finally' block");
        }
        return new TryStmt(start, body, handlers, orElse, final, isStar);
    }

    /// <summary>Python 3.9+: <c>with (a as b, c as d):</c>. Returns null (rewound) when the parentheses belong to an expression.</summary>
    private List<WithItem> ParenthesizedWithItems()
    {
        Expect(TokenKind.LParen, "'('");
        var items = new List<WithItem>();
        while (Kind != TokenKind.RParen)
        {
            items.Add(WithItem());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }
        Expect(TokenKind.RParen, "')'");
        if (Kind != TokenKind.Colon)
        {
            throw Error("expected ':'");
        }
        return items;
    }

    private List<WithItem> WithItems()
    {
        var items = new List<WithItem> { WithItem() };
        while (Accept(TokenKind.Comma))
        {
            items.Add(WithItem());
        }
        return items;
    }

    private WithItem WithItem()
    {
        var start = Current.Start;
        var context = Expression();
        return new WithItem(start, context, Accept(TokenKind.As) ? Target() : null);
    }

    private sealed record MatchHead(int Offset, Expr Subject);

    /// <summary>
    /// 'match' is a soft keyword: the header must be <c>match subject:</c> NEWLINE INDENT 'case'. Anything
    /// else is rewound by the caller and parsed as an ordinary statement (a variable named match).
    /// </summary>
    private MatchHead MatchHeader()
    {
        var start = Advance().Start;
        var subject = StarNamedExpressions();
        Expect(TokenKind.Colon, "':'");
        Expect(TokenKind.Newline, "end of line");
        Expect(TokenKind.Indent, "an indented block");
        if (!IsName("case"))
        {
            throw Error("expected 'case'");
        }
        return new MatchHead(start, subject);
    }

    private MatchStmt MatchBody(int start, Expr subject)
    {
        var cases = new List<MatchCase>();
        while (IsName("case"))
        {
            var caseStart = Advance().Start;
            var pattern = OpenSequencePattern();
            var guard = Accept(TokenKind.If) ? NamedExpression() : null;
            cases.Add(new MatchCase(caseStart, pattern, guard, Block()));
            while (Accept(TokenKind.Newline))
            {
            }
        }
        if (Kind != TokenKind.Dedent)
        {
            throw Error("expected 'case'");
        }
        Advance();
        return new MatchStmt(start, subject, cases);
    }
}
