using System.Text;

namespace Bulwark.Scanning.Code.Python;

internal sealed partial class PythonParser
{
    private Expr Atom()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Name:
                Advance();
                return new NameExpr(token.Start, Name(token));
            case TokenKind.Number:
                Advance();
                return new ConstantExpr(token.Start, ConstantKind.Number, Text(token));
            case TokenKind.True or TokenKind.False or TokenKind.None or TokenKind.Ellipsis:
                Advance();
                var kind = token.Kind switch
                {
                    TokenKind.True => ConstantKind.True,
                    TokenKind.False => ConstantKind.False,
                    TokenKind.None => ConstantKind.None,
                    _ => ConstantKind.Ellipsis,
                };
                return new ConstantExpr(token.Start, kind, Text(token));
            case TokenKind.String or TokenKind.FString:
                return Strings();
            case TokenKind.LParen:
                return Parenthesized();
            case TokenKind.LBracket:
                return ListDisplay();
            case TokenKind.LBrace:
                return BraceDisplay();
            default:
                throw Error("invalid syntax");
        }
    }

    /// <summary>Adjacent string literals concatenate; any f-string among them makes the whole an f-string.</summary>
    private Expr Strings()
    {
        var start = Current.Start;
        if (Kind == TokenKind.String && PeekKind(1) is not (TokenKind.String or TokenKind.FString) && SimpleString(Current) is { } simple)
        {
            Advance();
            return simple;
        }
        var literal = new StringBuilder();
        List<Expr>? fields = null;
        var bytes = false;
        while (Kind is TokenKind.String or TokenKind.FString)
        {
            var token = Advance();
            if (token.Kind == TokenKind.String)
            {
                bytes |= StringDecoder.Decode(_text.AsSpan(token.Start, token.Length), literal);
                continue;
            }
            fields ??= [];
            FStringFields(token, literal, fields);
        }
        if (fields is not null)
        {
            return new FStringExpr(start, literal.ToString(), fields);
        }
        return new ConstantExpr(start, bytes ? ConstantKind.Bytes : ConstantKind.String, literal.ToString());
    }

    /// <summary>The common case without a builder: one plain literal with no escapes and no prefix but u.</summary>
    private ConstantExpr? SimpleString(Token token)
    {
        var text = _text.AsSpan(token.Start, token.Length);
        var quote = text[0] is 'u' or 'U' ? 1 : 0;
        if (text[quote] is not ('"' or '\''))
        {
            return null;
        }
        var width = text.Length - quote >= 6 && text[quote + 1] == text[quote] && text[quote + 2] == text[quote] ? 3 : 1;
        var body = text[(quote + width)..^width];
        return body.Contains('\\') ? null : new ConstantExpr(token.Start, ConstantKind.String, body.ToString());
    }

    private void FStringFields(Token token, StringBuilder literal, List<Expr> fields)
    {
        var quote = token.Start;
        while (_text[quote] is not ('"' or '\''))
        {
            quote++;
        }
        StringScanner.IsPrefix(_text.AsSpan(token.Start, quote - token.Start), out _, out var raw);
        var ranges = new List<(int Start, int End, int Close)>();
        var close = StringScanner.Scan(_text.AsSpan(0, token.End), quote, isFormat: true, raw, ranges);
        var triple = quote + 2 < token.End && _text[quote + 1] == _text[quote] && _text[quote + 2] == _text[quote];
        var previous = quote + (triple ? 3 : 1);
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        foreach (var (start, end, fieldClose) in ranges)
        {
            if (start > previous)
            {
                // Literal text between fields (escapes kept as written); fields nested in a format spec add none.
                literal.Append(_text.AsSpan(previous, start - 1 - previous));
            }
            previous = Math.Max(previous, fieldClose);
            var (tokens, tokenErrors) = Tokenizer.TokenizeExpression(_text, start, end);
            if (tokenErrors.Count > 0)
            {
                throw new ParseException(tokenErrors[0].Offset, tokenErrors[0].Message);
            }
            if (tokens.Count == 1)
            {
                throw new ParseException(start, "f-string: empty expression not allowed");
            }
            var nested = new PythonParser(_text, tokens, _errors, _depth + 1, _deadline, _names);
            var value = nested.Kind == TokenKind.Yield ? nested.Yield() : nested.StarExpressions();
            if (nested.Kind != TokenKind.EndMarker)
            {
                throw nested.Error("f-string: expected '}'");
            }
            fields.Add(value);
        }
        var literalEnd = close - (triple ? 3 : 1);
        if (literalEnd > previous)
        {
            literal.Append(_text.AsSpan(previous, literalEnd - previous));
        }
    }

    private Expr Parenthesized()
    {
        var start = Advance().Start;
        Enter();
        Expr result;
        if (Kind == TokenKind.RParen)
        {
            result = new SequenceExpr(start, SequenceKind.Tuple, []);
        }
        else if (Kind == TokenKind.Yield)
        {
            result = Yield();
        }
        else
        {
            var first = StarNamedExpression();
            if (Kind is TokenKind.For or TokenKind.Async)
            {
                result = Comprehension(start, ComprehensionKind.Generator, first, null);
            }
            else if (Kind == TokenKind.Comma)
            {
                var elements = new List<Expr> { first };
                while (Accept(TokenKind.Comma) && Kind != TokenKind.RParen)
                {
                    elements.Add(StarNamedExpression());
                }
                result = new SequenceExpr(start, SequenceKind.Tuple, elements);
            }
            else
            {
                result = first;
            }
        }
        Expect(TokenKind.RParen, "')'");
        Exit();
        return result;
    }

    private Expr ListDisplay()
    {
        var start = Advance().Start;
        Enter();
        Expr result;
        if (Kind == TokenKind.RBracket)
        {
            result = new SequenceExpr(start, SequenceKind.List, []);
        }
        else
        {
            var first = StarNamedExpression();
            if (Kind is TokenKind.For or TokenKind.Async)
            {
                result = Comprehension(start, ComprehensionKind.List, first, null);
            }
            else
            {
                var elements = new List<Expr> { first };
                while (Accept(TokenKind.Comma) && Kind != TokenKind.RBracket)
                {
                    elements.Add(StarNamedExpression());
                }
                result = new SequenceExpr(start, SequenceKind.List, elements);
            }
        }
        Expect(TokenKind.RBracket, "']'");
        Exit();
        return result;
    }

    private Expr BraceDisplay()
    {
        var start = Advance().Start;
        Enter();
        Expr result;
        if (Kind == TokenKind.RBrace)
        {
            result = new DictExpr(start, [], []);
        }
        else
        {
            Expr? key;
            Expr value;
            if (Accept(TokenKind.DoubleStar))
            {
                key = null;
                value = BitOr();
            }
            else
            {
                key = StarNamedExpression();
                if (!Accept(TokenKind.Colon))
                {
                    result = SetTail(start, key);
                    Expect(TokenKind.RBrace, "'}'");
                    Exit();
                    return result;
                }
                value = Expression();
            }
            if (key is not null && Kind is TokenKind.For or TokenKind.Async)
            {
                result = Comprehension(start, ComprehensionKind.Dict, key, value);
            }
            else
            {
                var keys = new List<Expr?> { key };
                var values = new List<Expr> { value };
                while (Accept(TokenKind.Comma) && Kind != TokenKind.RBrace)
                {
                    if (Accept(TokenKind.DoubleStar))
                    {
                        keys.Add(null);
                        values.Add(BitOr());
                        continue;
                    }
                    keys.Add(Expression());
                    Expect(TokenKind.Colon, "':'");
                    values.Add(Expression());
                }
                result = new DictExpr(start, keys, values);
            }
        }
        Expect(TokenKind.RBrace, "'}'");
        Exit();
        return result;
    }

    private Expr SetTail(int start, Expr first)
    {
        if (Kind is TokenKind.For or TokenKind.Async)
        {
            return Comprehension(start, ComprehensionKind.Set, first, null);
        }
        var elements = new List<Expr> { first };
        while (Accept(TokenKind.Comma) && Kind != TokenKind.RBrace)
        {
            elements.Add(StarNamedExpression());
        }
        return new SequenceExpr(start, SequenceKind.Set, elements);
    }
}
