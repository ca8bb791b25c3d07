namespace Bulwark.Scanning.Code.Python;

internal sealed partial class PythonParser
{
    private static bool CanStartExpression(TokenKind kind) => kind is TokenKind.Name or TokenKind.Number or TokenKind.String
        or TokenKind.FString or TokenKind.LParen or TokenKind.LBracket or TokenKind.LBrace or TokenKind.Minus or TokenKind.Plus
        or TokenKind.Tilde or TokenKind.Not or TokenKind.Lambda or TokenKind.Await or TokenKind.Star or TokenKind.Ellipsis
        or TokenKind.None or TokenKind.True or TokenKind.False;

    /// <summary>Comma-separated expressions with optional *starred items: a tuple when there is a comma.</summary>
    private enum Item { Star, StarNamed, Target }

    private Expr StarExpressions() => Sequence(Item.Star);

    private Expr StarNamedExpressions() => Sequence(Item.StarNamed);

    private Expr ParseItem(Item item) => item switch
    {
        Item.Star => StarExpression(),
        Item.StarNamed => StarNamedExpression(),
        _ => Target(),
    };

    /// <summary>Items separated by commas: a tuple when there is a comma. (An enum, not a delegate: no allocation per call.)</summary>
    private Expr Sequence(Item item)
    {
        var start = Current.Start;
        var first = ParseItem(item);
        if (Kind != TokenKind.Comma)
        {
            return first;
        }
        var elements = new List<Expr> { first };
        while (Accept(TokenKind.Comma) && CanStartExpression(Kind))
        {
            elements.Add(ParseItem(item));
        }
        return new SequenceExpr(start, SequenceKind.Tuple, elements);
    }

    private List<Expr> ExpressionList(bool star)
    {
        var list = new List<Expr> { star ? StarExpression() : Expression() };
        while (Accept(TokenKind.Comma) && CanStartExpression(Kind))
        {
            list.Add(star ? StarExpression() : Expression());
        }
        return list;
    }

    private Expr StarExpression() => Kind == TokenKind.Star ? new StarredExpr(Advance().Start, BitOr()) : Expression();

    private Expr StarNamedExpression() => Kind == TokenKind.Star ? new StarredExpr(Advance().Start, BitOr()) : NamedExpression();

    /// <summary>for-loop and comprehension targets: stops before 'in'.</summary>
    private Expr TargetList() => Sequence(Item.Target);

    private Expr Target() => Kind == TokenKind.Star ? new StarredExpr(Advance().Start, BitOr()) : BitOr();

    private Expr NamedExpression()
    {
        if (Kind == TokenKind.Name && PeekKind(1) == TokenKind.ColonEqual)
        {
            var name = Advance();
            Advance();
            return new NamedExpr(name.Start, new NameExpr(name.Start, Name(name)), Expression());
        }
        return Expression();
    }

    private Expr Expression()
    {
        Enter();
        Expr result;
        if (Kind == TokenKind.Lambda)
        {
            var start = Advance().Start;
            var parameters = ParameterList(TokenKind.Colon, annotations: false);
            Expect(TokenKind.Colon, "':'");
            result = new LambdaExpr(start, parameters, Expression());
        }
        else
        {
            result = Disjunction();
            if (Kind == TokenKind.If)
            {
                Advance();
                var test = Disjunction();
                Expect(TokenKind.Else, "'else'");
                result = new IfExpr(result.Offset, test, result, Expression());
            }
        }
        Exit();
        return result;
    }

    private Expr Disjunction()
    {
        var first = Conjunction();
        if (Kind != TokenKind.Or)
        {
            return first;
        }
        var values = new List<Expr> { first };
        while (Accept(TokenKind.Or))
        {
            values.Add(Conjunction());
        }
        return new BoolExpr(first.Offset, TokenKind.Or, values);
    }

    private Expr Conjunction()
    {
        var first = Inversion();
        if (Kind != TokenKind.And)
        {
            return first;
        }
        var values = new List<Expr> { first };
        while (Accept(TokenKind.And))
        {
            values.Add(Inversion());
        }
        return new BoolExpr(first.Offset, TokenKind.And, values);
    }

    private Expr Inversion()
    {
        if (Kind != TokenKind.Not)
        {
            return Comparison();
        }
        var start = Advance().Start;
        Enter();
        var operand = Inversion();
        Exit();
        return new UnaryExpr(start, TokenKind.Not, operand);
    }

    private Expr Comparison()
    {
        var left = BitOr();
        List<CompareOp>? ops = null;
        List<Expr>? comparators = null;
        while (true)
        {
            CompareOp op;
            switch (Kind)
            {
                case TokenKind.Less or TokenKind.Greater or TokenKind.EqualEqual or TokenKind.GreaterEqual or TokenKind.LessEqual or TokenKind.NotEqual or TokenKind.In:
                    op = new CompareOp(Advance().Kind, false);
                    break;
                case TokenKind.Not when PeekKind(1) == TokenKind.In:
                    Advance();
                    Advance();
                    op = new CompareOp(TokenKind.In, true);
                    break;
                case TokenKind.Is:
                    Advance();
                    op = new CompareOp(TokenKind.Is, Accept(TokenKind.Not));
                    break;
                default:
                    return ops is null ? left : new CompareExpr(left.Offset, left, ops, comparators!);
            }
            (ops ??= []).Add(op);
            (comparators ??= []).Add(BitOr());
        }
    }

    private Expr BitOr() => Binary(0);

    private static int Level(TokenKind kind) => kind switch
    {
        TokenKind.Pipe => 0,
        TokenKind.Caret => 1,
        TokenKind.Ampersand => 2,
        TokenKind.LeftShift or TokenKind.RightShift => 3,
        TokenKind.Plus or TokenKind.Minus => 4,
        TokenKind.Star or TokenKind.Slash or TokenKind.DoubleSlash or TokenKind.Percent or TokenKind.At => 5,
        _ => -1,
    };

    /// <summary>
    /// Left-associative binary operators (| ^ &amp; shifts + *…) by precedence climbing: one loop per operand
    /// instead of one call per precedence level, since every atom of every expression passes through here.
    /// </summary>
    private Expr Binary(int minimum)
    {
        var left = Factor();
        while (Level(Kind) is var level && level >= minimum)
        {
            var op = Advance().Kind;
            var right = Binary(level + 1);
            left = new BinaryExpr(left.Offset, left, op, right);
        }
        return left;
    }

    private Expr Factor()
    {
        if (Kind is TokenKind.Plus or TokenKind.Minus or TokenKind.Tilde)
        {
            var token = Advance();
            Enter();
            var operand = Factor();
            Exit();
            return new UnaryExpr(token.Start, token.Kind, operand);
        }
        var primary = Kind == TokenKind.Await ? new AwaitExpr(Advance().Start, Primary()) : Primary();
        if (Kind != TokenKind.DoubleStar)
        {
            return primary;
        }
        Advance();
        Enter();
        var exponent = Factor();
        Exit();
        return new BinaryExpr(primary.Offset, primary, TokenKind.DoubleStar, exponent);
    }

    private Expr Primary()
    {
        var expression = Atom();
        while (true)
        {
            switch (Kind)
            {
                case TokenKind.Dot:
                    Advance();
                    expression = new AttributeExpr(expression.Offset, expression, ExpectName("an attribute name"));
                    break;
                case TokenKind.LParen:
                    Advance();
                    Enter();
                    var (args, keywords) = Arguments();
                    Exit();
                    expression = new CallExpr(expression.Offset, expression, args, keywords);
                    break;
                case TokenKind.LBracket:
                    Advance();
                    Enter();
                    var index = Slices();
                    Exit();
                    Expect(TokenKind.RBracket, "']'");
                    expression = new SubscriptExpr(expression.Offset, expression, index);
                    break;
                default:
                    return expression;
            }
        }
    }

    /// <summary>Call arguments after '(' up to and including ')'.</summary>
    private (IReadOnlyList<Expr> Args, IReadOnlyList<Keyword> Keywords) Arguments()
    {
        List<Expr>? args = null;
        List<Keyword>? keywords = null;
        while (Kind != TokenKind.RParen)
        {
            var start = Current.Start;
            if (Accept(TokenKind.Star))
            {
                (args ??= []).Add(new StarredExpr(start, Expression()));
            }
            else if (Accept(TokenKind.DoubleStar))
            {
                (keywords ??= []).Add(new Keyword(start, null, Expression()));
            }
            else if (Kind == TokenKind.Name && PeekKind(1) == TokenKind.Equal)
            {
                var name = Name(Advance());
                Advance();
                (keywords ??= []).Add(new Keyword(start, name, Expression()));
            }
            else
            {
                var value = NamedExpression();
                if (Kind is TokenKind.For or TokenKind.Async)
                {
                    value = Comprehension(start, ComprehensionKind.Generator, value, null);
                }
                (args ??= []).Add(value);
            }
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }
        Expect(TokenKind.RParen, "')'");
        return ((IReadOnlyList<Expr>?)args ?? [], (IReadOnlyList<Keyword>?)keywords ?? []);
    }

    private Expr Slices()
    {
        var start = Current.Start;
        var first = Slice();
        if (Kind != TokenKind.Comma)
        {
            return first;
        }
        var items = new List<Expr> { first };
        while (Accept(TokenKind.Comma) && Kind != TokenKind.RBracket)
        {
            items.Add(Slice());
        }
        return new SequenceExpr(start, SequenceKind.Tuple, items);
    }

    private Expr Slice()
    {
        var start = Current.Start;
        if (Kind == TokenKind.Star)
        {
            return StarExpression();
        }
        var lower = Kind == TokenKind.Colon ? null : NamedExpression();
        if (!Accept(TokenKind.Colon))
        {
            return lower!;
        }
        var upper = Kind is TokenKind.Colon or TokenKind.Comma or TokenKind.RBracket ? null : Expression();
        Expr? step = null;
        if (Accept(TokenKind.Colon) && Kind is not (TokenKind.Comma or TokenKind.RBracket))
        {
            step = Expression();
        }
        return new SliceExpr(start, lower, upper, step);
    }

    private Expr Yield()
    {
        var start = Expect(TokenKind.Yield, "'yield'").Start;
        if (Accept(TokenKind.From))
        {
            return new YieldExpr(start, Expression(), true);
        }
        return new YieldExpr(start, CanStartExpression(Kind) ? StarExpressions() : null, false);
    }

    private ComprehensionExpr Comprehension(int start, ComprehensionKind kind, Expr element, Expr? value)
    {
        var clauses = new List<ForClause>();
        while (Kind == TokenKind.For || (Kind == TokenKind.Async && PeekKind(1) == TokenKind.For))
        {
            var clauseStart = Current.Start;
            var isAsync = Accept(TokenKind.Async);
            Advance();
            var target = TargetList();
            Expect(TokenKind.In, "'in'");
            var iter = Disjunction();
            var ifs = new List<Expr>();
            while (Accept(TokenKind.If))
            {
                ifs.Add(Disjunction());
            }
            clauses.Add(new ForClause(clauseStart, target, iter, ifs, isAsync));
        }
        return new ComprehensionExpr(start, kind, element, value, clauses);
    }
}
