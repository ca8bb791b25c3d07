namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>
/// Parses the <c>if:</c> grammar by recursive descent over the span, no regular expressions:
/// <code>
/// or      := and ('||' and)*
/// and     := unary ('&amp;&amp;' unary)*
/// unary   := '!' unary | '(' or ')' | 'startsWith' '(' value ',' value ')' | value ('==' | '!=') value
/// value   := 'branch' | 'tag' | 'event' | '...' (single-quoted, '' for a quote)
/// </code>
/// <c>event</c> may only be compared with the names of triggers.
/// Bounded: at most <see cref="MaxLength"/> characters and <see cref="MaxDepth"/> nested parentheses or negations.
/// </summary>
internal sealed class ConditionParser
{
    public const int MaxLength = 1024;
    public const int MaxDepth = 32;

    private readonly string _text;
    private int _pos;
    private int _depth;

    private ConditionParser(string text) => _text = text;

    /// <summary>The condition, or null with a message and the 0-based offset of the problem in the text.</summary>
    public static Condition? Parse(string text, out string? error, out int offset)
    {
        if (text.Length > MaxLength)
        {
            (error, offset) = ($"condition longer than {MaxLength} characters", 0);
            return null;
        }
        var parser = new ConditionParser(text);
        try
        {
            var condition = parser.ParseOr();
            parser.SkipSpace();
            if (parser._pos < text.Length)
            {
                throw new SyntaxError($"unexpected '{text[parser._pos]}'", parser._pos);
            }
            (error, offset) = (null, 0);
            return condition;
        }
        catch (SyntaxError ex)
        {
            (error, offset) = (ex.Message, ex.Offset);
            return null;
        }
    }

    private Condition ParseOr()
    {
        var left = ParseAnd();
        while (Accept("||"))
        {
            left = new Condition.Or(left, ParseAnd());
        }
        return left;
    }

    private Condition ParseAnd()
    {
        var left = ParseUnary();
        while (Accept("&&"))
        {
            left = new Condition.And(left, ParseUnary());
        }
        return left;
    }

    private Condition ParseUnary()
    {
        SkipSpace();
        if (++_depth > MaxDepth)
        {
            throw new SyntaxError($"condition nested deeper than {MaxDepth} levels", _pos);
        }
        try
        {
            if (Peek("!") && !Peek("!="))
            {
                _pos++;
                return new Condition.Not(ParseUnary());
            }
            if (Accept("("))
            {
                var inner = ParseOr();
                Expect(")");
                return inner;
            }
            var start = _pos;
            if (Word() == "startsWith")
            {
                Expect("(");
                var text = ParseValue();
                Expect(",");
                var prefix = ParseValue();
                Expect(")");
                return new Condition.StartsWith(text, prefix);
            }
            _pos = start;
            var left = ParseValue();
            var negated = Accept("!=");
            if (!negated && !Accept("=="))
            {
                throw new SyntaxError("expected '==' or '!=' after a value", _pos);
            }
            var rightStart = _pos;
            var right = ParseValue();
            CheckEvent(left, right, rightStart);
            CheckEvent(right, left, start);
            return new Condition.Equal(left, right, negated);
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>A misspelt event (<c>event == 'pull-request'</c>) would silently never match, so it is an error.</summary>
    private void CheckEvent(ConditionValue variable, ConditionValue literal, int literalStart)
    {
        if (variable.Variable == "event" && literal.Literal is { } name && !PipelineDefaults.Triggers.Contains(name, StringComparer.Ordinal))
        {
            while (literalStart < _text.Length && _text[literalStart] is ' ' or '\t')
            {
                literalStart++;
            }
            throw new SyntaxError($"unknown event '{name}' (expected {string.Join(", ", PipelineDefaults.Triggers)})", literalStart);
        }
    }

    private ConditionValue ParseValue()
    {
        SkipSpace();
        var start = _pos;
        if (Accept("'"))
        {
            var literal = new System.Text.StringBuilder();
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw new SyntaxError("unterminated string literal", start);
                }
                if (_text[_pos] == '\'')
                {
                    if (_pos + 1 < _text.Length && _text[_pos + 1] == '\'')
                    {
                        literal.Append('\'');
                        _pos += 2;
                        continue;
                    }
                    _pos++;
                    return new ConditionValue(null, literal.ToString());
                }
                literal.Append(_text[_pos++]);
            }
        }
        var word = Word();
        if (ConditionValue.Variables.Contains(word, StringComparer.Ordinal))
        {
            return new ConditionValue(word, null);
        }
        throw new SyntaxError(word.Length == 0
            ? "expected branch, tag, event or a 'string'"
            : $"unknown name '{word}' (expected branch, tag, event, startsWith or a 'string')", start);
    }

    private string Word()
    {
        SkipSpace();
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }
        return _text[start.._pos];
    }

    private bool Peek(string token) => _text.AsSpan(_pos).StartsWith(token, StringComparison.Ordinal);

    private bool Accept(string token)
    {
        SkipSpace();
        if (!Peek(token))
        {
            return false;
        }
        _pos += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new SyntaxError($"expected '{token}'", _pos);
        }
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t')
        {
            _pos++;
        }
    }

    private sealed class SyntaxError(string message, int offset) : Exception(message)
    {
        public int Offset { get; } = offset;
    }
}
