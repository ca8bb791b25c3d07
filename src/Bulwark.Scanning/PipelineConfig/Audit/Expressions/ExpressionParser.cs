namespace Bulwark.Scanning.PipelineConfig.Audit.Expressions;

/// <summary>
/// A recursive-descent parser for the GitHub Actions expression language. The text comes from a repository:
/// length and nesting are bounded (<see cref="AuditLimits"/>), so the recursion is too, and every problem is
/// an error with its offset, never an exception leaving <see cref="Parse"/>.
/// </summary>
internal sealed class ExpressionParser
{
    private readonly string _text;
    private readonly int _maxDepth;
    private int _pos;
    private int _depth;

    private ExpressionParser(string text, int maxDepth)
    {
        _text = text;
        _maxDepth = maxDepth;
    }

    /// <summary>The expression, or null with <paramref name="error"/> and its 0-based <paramref name="offset"/>.</summary>
    public static Expr? Parse(string text, AuditLimits limits, out string? error, out int offset)
    {
        error = null;
        offset = 0;
        if (text.Length > limits.MaxExpressionLength)
        {
            error = $"expression longer than {limits.MaxExpressionLength} characters";
            return null;
        }
        var parser = new ExpressionParser(text, limits.MaxExpressionDepth);
        try
        {
            var expr = parser.Or();
            parser.SkipSpace();
            if (parser._pos < text.Length)
            {
                throw new SyntaxError($"unexpected '{text[parser._pos]}'", parser._pos);
            }
            return expr;
        }
        catch (SyntaxError ex)
        {
            error = ex.Message;
            offset = ex.Offset;
            return null;
        }
    }

    private Expr Or()
    {
        Enter();
        var left = And();
        while (Take("||"))
        {
            left = new BinaryExpr("||", left, And());
        }
        _depth--;
        return left;
    }

    private Expr And()
    {
        var left = Equality();
        while (Take("&&"))
        {
            left = new BinaryExpr("&&", left, Equality());
        }
        return left;
    }

    private Expr Equality()
    {
        var left = Comparison();
        while (TakeAny(out var op, "==", "!="))
        {
            left = new BinaryExpr(op, left, Comparison());
        }
        return left;
    }

    private Expr Comparison()
    {
        var left = Unary();
        while (TakeAny(out var op, "<=", ">=", "<", ">"))
        {
            left = new BinaryExpr(op, left, Unary());
        }
        return left;
    }

    private Expr Unary()
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == '!' && !(Peek(1) == '='))
        {
            _pos++;
            Enter();
            var operand = Unary();
            _depth--;
            return new NotExpr(operand);
        }
        return Postfix(Primary());
    }

    private Expr Postfix(Expr target)
    {
        while (true)
        {
            SkipSpace();
            if (_pos >= _text.Length)
            {
                return target;
            }
            if (_text[_pos] == '.')
            {
                _pos++;
                SkipSpace();
                if (_pos < _text.Length && _text[_pos] == '*')
                {
                    _pos++;
                    target = new AccessExpr(target, "*", null);
                    continue;
                }
                target = new AccessExpr(target, Identifier() ?? throw new SyntaxError("expected a property name after '.'", _pos), null);
            }
            else if (_text[_pos] == '[')
            {
                _pos++;
                Enter();
                SkipSpace();
                Expr index = _pos < _text.Length && _text[_pos] == '*' ? Star() : Or();
                _depth--;
                Expect(']');
                target = new AccessExpr(target, null, index);
            }
            else
            {
                return target;
            }
        }
    }

    private LiteralExpr Star()
    {
        _pos++;
        return new LiteralExpr(LiteralKind.String, "*");
    }

    private Expr Primary()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw new SyntaxError("unexpected end of expression", _pos);
        }
        var c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = Or();
            Expect(')');
            return inner;
        }
        if (c == '\'')
        {
            return String();
        }
        if (char.IsAsciiDigit(c) || (c is '-' or '+' or '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1])))
        {
            return Number();
        }
        var name = Identifier() ?? throw new SyntaxError($"unexpected '{c}'", _pos);
        switch (name)
        {
            case "true" or "false":
                return new LiteralExpr(LiteralKind.Boolean, name);
            case "null":
                return new LiteralExpr(LiteralKind.Null, name);
        }
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == '(')
        {
            _pos++;
            Enter();
            var arguments = new List<Expr>();
            SkipSpace();
            if (!Take(")"))
            {
                do
                {
                    arguments.Add(Or());
                }
                while (Take(","));
                Expect(')');
            }
            _depth--;
            return new CallExpr(name.ToLowerInvariant(), arguments);
        }
        return new NameExpr(name.ToLowerInvariant());
    }

    private LiteralExpr String()
    {
        var start = _pos++;
        var builder = new System.Text.StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            if (c != '\'')
            {
                builder.Append(c);
                continue;
            }
            if (_pos < _text.Length && _text[_pos] == '\'')
            {
                builder.Append('\'');
                _pos++;
                continue;
            }
            return new LiteralExpr(LiteralKind.String, builder.ToString());
        }
        throw new SyntaxError("unterminated string", start);
    }

    private LiteralExpr Number()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '.' || (_text[_pos] is '-' or '+' && (_pos == start || _text[_pos - 1] is 'e' or 'E'))))
        {
            _pos++;
        }
        return new LiteralExpr(LiteralKind.Number, _text[start.._pos]);
    }

    private string? Identifier()
    {
        var start = _pos;
        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-'))
            {
                _pos++;
            }
        }
        return _pos > start ? _text[start.._pos] : null;
    }

    private void Enter()
    {
        if (++_depth > _maxDepth)
        {
            throw new SyntaxError($"expression nested deeper than {_maxDepth} levels", _pos);
        }
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (_pos >= _text.Length || _text[_pos] != c)
        {
            throw new SyntaxError($"expected '{c}'", _pos);
        }
        _pos++;
    }

    private bool Take(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _pos, token, 0, token.Length) != 0)
        {
            return false;
        }
        _pos += token.Length;
        return true;
    }

    private bool TakeAny(out string op, params ReadOnlySpan<string> tokens)
    {
        foreach (var token in tokens)
        {
            if (Take(token))
            {
                op = token;
                return true;
            }
        }
        op = "";
        return false;
    }

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private sealed class SyntaxError(string message, int offset) : Exception(message)
    {
        public int Offset { get; } = offset;
    }
}
