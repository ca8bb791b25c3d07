using System.Buffers;

namespace Bulwark.Scanning.Code.Python;

/// <summary>
/// Turns Python source into tokens: logical lines (NEWLINE only outside brackets, backslash continuations
/// joined), INDENT/DEDENT from an indentation stack (tabs to multiples of eight, form feeds reset), names,
/// numbers, strings and f-strings (as one token each; see <see cref="StringScanner"/>), operators.
/// Comments and blank lines produce nothing. Problems become <see cref="TokenKind.Error"/> tokens plus an
/// entry in <see cref="Errors"/>, and tokenizing goes on. No allocation per token beyond the list's growth.
/// </summary>
internal sealed class Tokenizer
{
    private static readonly SearchValues<char> LineEnds = SearchValues.Create("\r\n");
    private static readonly SearchValues<char> AsciiIdentifier = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    private static readonly Dictionary<string, TokenKind>.AlternateLookup<ReadOnlySpan<char>> Keywords = BuildKeywords();

    private readonly string _text;
    private readonly int _end;
    private readonly bool _expressionMode;
    private readonly List<Token> _tokens;
    private readonly List<int> _indents = [0];
    private int _brackets;
    private int _openBracket;

    public List<(int Offset, string Message)> Errors { get; } = [];

    /// <param name="expressionMode">Tokenize as if inside brackets (f-string fields): no NEWLINE or indentation.</param>
    private Tokenizer(string text, int start, int end, bool expressionMode)
    {
        _text = text;
        _end = end;
        _expressionMode = expressionMode;
        // About one token per five characters of real code; f-string fields are short.
        _tokens = new List<Token>(Math.Max(8, (end - start) / 5));
    }

    public static (List<Token> Tokens, List<(int Offset, string Message)> Errors) Tokenize(string text) =>
        Run(new Tokenizer(text, 0, text.Length, expressionMode: false), 0);

    /// <summary>Tokens of one f-string replacement field, <paramref name="start"/>..<paramref name="end"/> of the file's text.</summary>
    public static (List<Token> Tokens, List<(int Offset, string Message)> Errors) TokenizeExpression(string text, int start, int end) =>
        Run(new Tokenizer(text, start, end, expressionMode: true), start);

    private static (List<Token>, List<(int, string)>) Run(Tokenizer tokenizer, int start)
    {
        tokenizer.Scan(start);
        return (tokenizer._tokens, tokenizer.Errors);
    }

    private void Scan(int position)
    {
        var text = _text.AsSpan(0, _end);
        var atLineStart = !_expressionMode;
        var i = position;
        if (i == 0 && text.Length > 0 && text[0] == '\uFEFF')
        {
            i = 1;
        }
        while (i < text.Length)
        {
            if (atLineStart)
            {
                atLineStart = false;
                i = Indentation(text, i, out var skipLine);
                if (skipLine)
                {
                    atLineStart = true;
                    continue;
                }
            }
            var c = text[i];
            switch (c)
            {
                case ' ' or '\t' or '\f':
                    i++;
                    continue;
                case '#':
                    var eol = text[i..].IndexOfAny(LineEnds);
                    i = eol < 0 ? text.Length : i + eol;
                    continue;
                case '\r' or '\n':
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    if (_brackets > 0 && !_expressionMode && StartsStatement(text, i))
                    {
                        // An unclosed bracket would swallow the rest of the file: a line that can only start a
                        // statement ends it, so parsing resumes there.
                        Errors.Add((_openBracket, "this bracket was never closed"));
                        Add(TokenKind.Error, _openBracket, 1);
                        _brackets = 0;
                    }
                    if (_brackets == 0 && !_expressionMode)
                    {
                        Add(TokenKind.Newline, i - 1, 0);
                        atLineStart = true;
                    }
                    continue;
                case '\\':
                    var next = i + 1 < text.Length ? text[i + 1] : '\0';
                    if (next is '\n' or '\r')
                    {
                        i += next == '\r' && i + 2 < text.Length && text[i + 2] == '\n' ? 3 : 2;
                        continue;
                    }
                    if (i + 1 >= text.Length)
                    {
                        i++;
                        continue;
                    }
                    Error(i, "unexpected character after line continuation character");
                    i++;
                    continue;
                case '"' or '\'':
                    i = StringLiteral(text, i, i, isFormat: false, isRaw: false);
                    continue;
            }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                i = Number(text, i);
                continue;
            }
            if (IsIdentifierStart(c))
            {
                var start = i;
                i++;
                while (true)
                {
                    // Vectorised over the ASCII run; only non-ASCII letters take the slow path.
                    var end = text[i..].IndexOfAnyExcept(AsciiIdentifier);
                    i = end < 0 ? text.Length : i + end;
                    if (i >= text.Length || text[i] <= 127 || !IsIdentifierPart(text[i]))
                    {
                        break;
                    }
                    i++;
                }
                if (i < text.Length && text[i] is '"' or '\'' && StringScanner.IsPrefix(text[start..i], out var isFormat, out var isRaw))
                {
                    i = StringLiteral(text, start, i, isFormat, isRaw);
                    continue;
                }
                // Keywords are 2–8 characters and start with a lower-case letter or F, N, T.
                var word = text[start..i];
                var maybeKeyword = word.Length is >= 2 and <= 8 && (char.IsAsciiLetterLower(word[0]) || word[0] is 'F' or 'N' or 'T');
                Add(maybeKeyword && Keywords.TryGetValue(word, out var keyword) ? keyword : TokenKind.Name, start, i - start);
                continue;
            }
            i = Operator(text, i);
        }
        if (!_expressionMode)
        {
            if (_tokens.Count > 0 && _tokens[^1].Kind is not (TokenKind.Newline or TokenKind.Dedent))
            {
                Add(TokenKind.Newline, text.Length, 0);
            }
            for (var level = _indents.Count - 1; level > 0; level--)
            {
                Add(TokenKind.Dedent, text.Length, 0);
            }
        }
        Add(TokenKind.EndMarker, text.Length, 0);
    }

    /// <summary>Measures a line's indentation and emits INDENT/DEDENT; blank and comment-only lines are skipped.</summary>
    private int Indentation(ReadOnlySpan<char> text, int i, out bool skipLine)
    {
        var column = 0;
        while (i < text.Length)
        {
            switch (text[i])
            {
                case ' ': column++; break;
                case '\t': column = (column / 8 + 1) * 8; break;
                case '\f': column = 0; break;
                default: goto measured;
            }
            i++;
        }
        measured:
        skipLine = i >= text.Length || text[i] is '#' or '\r' or '\n' || (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\r' or '\n');
        if (skipLine)
        {
            if (i < text.Length && text[i] == '#')
            {
                var eol = text[i..].IndexOfAny(LineEnds);
                i = eol < 0 ? text.Length : i + eol;
            }
            if (i < text.Length && text[i] == '\\')
            {
                i++;
            }
            if (i < text.Length)
            {
                i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
            }
            return i;
        }
        if (column > _indents[^1])
        {
            _indents.Add(column);
            Add(TokenKind.Indent, i, 0);
        }
        else if (column < _indents[^1])
        {
            while (_indents.Count > 1 && column < _indents[^1])
            {
                _indents.RemoveAt(_indents.Count - 1);
                Add(TokenKind.Dedent, i, 0);
            }
            if (column != _indents[^1])
            {
                Error(i, "unindent does not match any outer indentation level");
                _indents.Add(column);
            }
        }
        return i;
    }

    private int StringLiteral(ReadOnlySpan<char> text, int start, int quote, bool isFormat, bool isRaw)
    {
        var end = StringScanner.Scan(text, quote, isFormat, isRaw);
        if (end < 0)
        {
            Error(start, isFormat ? "unterminated f-string literal" : "unterminated string literal");
            // Resume on the next line: an unterminated literal swallows no more than its own line.
            var eol = text[quote..].IndexOfAny(LineEnds);
            return eol < 0 ? text.Length : quote + eol;
        }
        Add(isFormat ? TokenKind.FString : TokenKind.String, start, end - start);
        return end;
    }

    private int Number(ReadOnlySpan<char> text, int i)
    {
        var start = i;
        var hexLike = text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B';
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                i++;
                if (!hexLike && c is 'e' or 'E' && i < text.Length && text[i] is '+' or '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                }
            }
            else if (c == '.' && !hexLike && !(i + 1 < text.Length && text[i + 1] == '.'))
            {
                i++;
            }
            else
            {
                break;
            }
        }
        Add(TokenKind.Number, start, i - start);
        return i;
    }

    private int Operator(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        var c1 = i + 1 < text.Length ? text[i + 1] : '\0';
        var c2 = i + 2 < text.Length ? text[i + 2] : '\0';
        (TokenKind Kind, int Length) op = c switch
        {
            '(' => (TokenKind.LParen, 1),
            ')' => (TokenKind.RParen, 1),
            '[' => (TokenKind.LBracket, 1),
            ']' => (TokenKind.RBracket, 1),
            '{' => (TokenKind.LBrace, 1),
            '}' => (TokenKind.RBrace, 1),
            ',' => (TokenKind.Comma, 1),
            ';' => (TokenKind.Semicolon, 1),
            '~' => (TokenKind.Tilde, 1),
            '.' => c1 == '.' && c2 == '.' ? (TokenKind.Ellipsis, 3) : (TokenKind.Dot, 1),
            ':' => c1 == '=' ? (TokenKind.ColonEqual, 2) : (TokenKind.Colon, 1),
            '=' => c1 == '=' ? (TokenKind.EqualEqual, 2) : (TokenKind.Equal, 1),
            '!' => c1 == '=' ? (TokenKind.NotEqual, 2) : (TokenKind.Exclamation, 1),
            '@' => c1 == '=' ? (TokenKind.AtEqual, 2) : (TokenKind.At, 1),
            '+' => c1 == '=' ? (TokenKind.PlusEqual, 2) : (TokenKind.Plus, 1),
            '-' => c1 == '=' ? (TokenKind.MinusEqual, 2) : c1 == '>' ? (TokenKind.Arrow, 2) : (TokenKind.Minus, 1),
            '%' => c1 == '=' ? (TokenKind.PercentEqual, 2) : (TokenKind.Percent, 1),
            '&' => c1 == '=' ? (TokenKind.AmpersandEqual, 2) : (TokenKind.Ampersand, 1),
            '|' => c1 == '=' ? (TokenKind.PipeEqual, 2) : (TokenKind.Pipe, 1),
            '^' => c1 == '=' ? (TokenKind.CaretEqual, 2) : (TokenKind.Caret, 1),
            '*' => c1 == '*' ? (c2 == '=' ? (TokenKind.DoubleStarEqual, 3) : (TokenKind.DoubleStar, 2)) : c1 == '=' ? (TokenKind.StarEqual, 2) : (TokenKind.Star, 1),
            '/' => c1 == '/' ? (c2 == '=' ? (TokenKind.DoubleSlashEqual, 3) : (TokenKind.DoubleSlash, 2)) : c1 == '=' ? (TokenKind.SlashEqual, 2) : (TokenKind.Slash, 1),
            '<' => c1 == '<' ? (c2 == '=' ? (TokenKind.LeftShiftEqual, 3) : (TokenKind.LeftShift, 2)) : c1 == '=' ? (TokenKind.LessEqual, 2) : c1 == '>' ? (TokenKind.Error, 2) : (TokenKind.Less, 1),
            '>' => c1 == '>' ? (c2 == '=' ? (TokenKind.RightShiftEqual, 3) : (TokenKind.RightShift, 2)) : c1 == '=' ? (TokenKind.GreaterEqual, 2) : (TokenKind.Greater, 1),
            _ => (TokenKind.Error, 1),
        };
        switch (op.Kind)
        {
            case TokenKind.LParen or TokenKind.LBracket or TokenKind.LBrace:
                if (_brackets++ == 0)
                {
                    _openBracket = i;
                }
                break;
            case TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace:
                _brackets = Math.Max(0, _brackets - 1);
                break;
            case TokenKind.Error:
                Errors.Add((i, op.Length == 2 ? "'<>' is Python 2 syntax; use '!='" : $"invalid character '{Printable(c)}' (U+{(int)c:X4})"));
                break;
        }
        Add(op.Kind, i, op.Length);
        return i + op.Length;
    }

    /// <summary>True when the line at <paramref name="i"/> begins with a keyword that cannot continue an expression.</summary>
    private static bool StartsStatement(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }
        var start = i;
        while (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            i++;
        }
        if (i == start || (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_')))
        {
            return false;
        }
        return text[start..i] is "def" or "class" or "import" or "return" or "pass" or "raise" or "try" or "while" or "with"
            or "del" or "global" or "nonlocal" or "assert" or "elif" or "except" or "finally" or "break" or "continue";
    }

    private static string Printable(char c) => char.IsControl(c) || char.IsSurrogate(c) ? "?" : c.ToString();

    private void Error(int offset, string message)
    {
        Errors.Add((offset, message));
        Add(TokenKind.Error, offset, 1);
    }

    private void Add(TokenKind kind, int start, int length) => _tokens.Add(new Token(kind, start, length));

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > 127 && (char.IsLetter(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.LetterNumber or System.Globalization.UnicodeCategory.OtherLetter));

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || (c > 127 && (char.IsLetterOrDigit(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark or System.Globalization.UnicodeCategory.ConnectorPunctuation or System.Globalization.UnicodeCategory.LetterNumber));

    private static Dictionary<string, TokenKind>.AlternateLookup<ReadOnlySpan<char>> BuildKeywords()
    {
        var keywords = new Dictionary<string, TokenKind>(StringComparer.Ordinal)
        {
            ["False"] = TokenKind.False, ["None"] = TokenKind.None, ["True"] = TokenKind.True, ["and"] = TokenKind.And,
            ["as"] = TokenKind.As, ["assert"] = TokenKind.Assert, ["async"] = TokenKind.Async, ["await"] = TokenKind.Await,
            ["break"] = TokenKind.Break, ["class"] = TokenKind.Class, ["continue"] = TokenKind.Continue, ["def"] = TokenKind.Def,
            ["del"] = TokenKind.Del, ["elif"] = TokenKind.Elif, ["else"] = TokenKind.Else, ["except"] = TokenKind.Except,
            ["finally"] = TokenKind.Finally, ["for"] = TokenKind.For, ["from"] = TokenKind.From, ["global"] = TokenKind.Global,
            ["if"] = TokenKind.If, ["import"] = TokenKind.Import, ["in"] = TokenKind.In, ["is"] = TokenKind.Is,
            ["lambda"] = TokenKind.Lambda, ["nonlocal"] = TokenKind.Nonlocal, ["not"] = TokenKind.Not, ["or"] = TokenKind.Or,
            ["pass"] = TokenKind.Pass, ["raise"] = TokenKind.Raise, ["return"] = TokenKind.Return, ["try"] = TokenKind.Try,
            ["while"] = TokenKind.While, ["with"] = TokenKind.With, ["yield"] = TokenKind.Yield,
        };
        return keywords.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
