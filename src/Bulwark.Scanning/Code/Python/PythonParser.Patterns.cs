namespace Bulwark.Scanning.Code.Python;

internal sealed partial class PythonParser
{
    /// <summary>The pattern after 'case': one pattern, or several separated by commas (a sequence).</summary>
    private Pattern OpenSequencePattern()
    {
        var start = Current.Start;
        var first = MaybeStarPattern();
        if (Kind != TokenKind.Comma)
        {
            return first;
        }
        var items = new List<Pattern> { first };
        while (Accept(TokenKind.Comma) && Kind is not (TokenKind.If or TokenKind.Colon))
        {
            items.Add(MaybeStarPattern());
        }
        return new Pattern(start, PatternKind.Sequence, null, null, items, []);
    }

    private Pattern MaybeStarPattern()
    {
        if (Kind != TokenKind.Star)
        {
            return AsPattern();
        }
        var start = Advance().Start;
        return new Pattern(start, PatternKind.Star, null, ExpectName("a name after '*'"), [], []);
    }

    private Pattern AsPattern()
    {
        Enter();
        var pattern = OrPattern();
        if (Accept(TokenKind.As))
        {
            pattern = new Pattern(pattern.Offset, PatternKind.As, null, ExpectName("a name after 'as'"), [pattern], []);
        }
        Exit();
        return pattern;
    }

    private Pattern OrPattern()
    {
        var first = ClosedPattern();
        if (Kind != TokenKind.Pipe)
        {
            return first;
        }
        var alternatives = new List<Pattern> { first };
        while (Accept(TokenKind.Pipe))
        {
            alternatives.Add(ClosedPattern());
        }
        return new Pattern(first.Offset, PatternKind.Or, null, null, alternatives, []);
    }

    private Pattern ClosedPattern()
    {
        var start = Current.Start;
        switch (Kind)
        {
            case TokenKind.Name:
                if (PeekKind(1) is not (TokenKind.Dot or TokenKind.LParen))
                {
                    var name = Name(Advance());
                    return name == "_" ? new Pattern(start, PatternKind.Wildcard, null, null, [], []) : new Pattern(start, PatternKind.Capture, null, name, [], []);
                }
                Expr value = new NameExpr(start, Name(Advance()));
                while (Accept(TokenKind.Dot))
                {
                    value = new AttributeExpr(start, value, ExpectName("an attribute name"));
                }
                return Kind == TokenKind.LParen ? ClassPattern(start, value) : new Pattern(start, PatternKind.Value, value, null, [], []);
            case TokenKind.LParen or TokenKind.LBracket:
                var close = Advance().Kind == TokenKind.LParen ? TokenKind.RParen : TokenKind.RBracket;
                var items = new List<Pattern>();
                var sawComma = false;
                while (Kind != close)
                {
                    items.Add(MaybeStarPattern());
                    if (!Accept(TokenKind.Comma))
                    {
                        break;
                    }
                    sawComma = true;
                }
                Expect(close, close == TokenKind.RParen ? "')'" : "']'");
                return close == TokenKind.RParen && items.Count == 1 && !sawComma ? items[0] : new Pattern(start, PatternKind.Sequence, null, null, items, []);
            case TokenKind.LBrace:
                return MappingPattern();
            default:
                // Literals: numbers (signed, complex), strings, None, True, False.
                return new Pattern(start, PatternKind.Value, Binary(4), null, [], []);
        }
    }

    private Pattern ClassPattern(int start, Expr cls)
    {
        Expect(TokenKind.LParen, "'('");
        var children = new List<Pattern>();
        var keys = new List<Expr>();
        while (Kind != TokenKind.RParen)
        {
            if (Kind == TokenKind.Name && PeekKind(1) == TokenKind.Equal)
            {
                var name = Advance();
                Advance();
                keys.Add(new ConstantExpr(name.Start, ConstantKind.String, Text(name)));
            }
            children.Add(AsPattern());
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }
        Expect(TokenKind.RParen, "')'");
        return new Pattern(start, PatternKind.Class, cls, null, children, keys);
    }

    private Pattern MappingPattern()
    {
        var start = Expect(TokenKind.LBrace, "'{'").Start;
        var children = new List<Pattern>();
        var keys = new List<Expr>();
        string? rest = null;
        while (Kind != TokenKind.RBrace)
        {
            if (Accept(TokenKind.DoubleStar))
            {
                rest = ExpectName("a name after '**'");
            }
            else
            {
                keys.Add(Binary(4));
                Expect(TokenKind.Colon, "':'");
                children.Add(AsPattern());
            }
            if (!Accept(TokenKind.Comma))
            {
                break;
            }
        }
        Expect(TokenKind.RBrace, "'}'");
        return new Pattern(start, PatternKind.Mapping, null, rest, children, keys);
    }
}
