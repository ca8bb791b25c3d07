using System.Runtime.CompilerServices;

namespace Bulwark.Scanning.Code.Python;

/// <summary>
/// A recursive-descent parser for Python 3.8–3.13 (decorators, walrus, match statements, PEP 695 type
/// parameters, PEP 701 f-strings, parenthesized context managers, except*). It builds a position-carrying
/// syntax tree for analysis, not bytecode, so it accepts a little more than CPython (it does not check
/// assignment targets). A syntax error abandons the statement it is in, is recorded with its offset, and
/// parsing resumes at the next statement. Nesting deeper than <see cref="MaxDepth"/> is a syntax error,
/// never a stack overflow; a deadline bounds the time one file may take.
/// </summary>
internal sealed partial class PythonParser
{
    public const int MaxDepth = 200;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly List<SyntaxError> _errors;
    private readonly long _deadline;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _names;
    private int _pos;
    private int _depth;

    private PythonParser(string text, List<Token> tokens, List<SyntaxError> errors, int depth, long deadline, Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>? names = null)
    {
        _names = names ?? new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _text = text;
        _tokens = tokens;
        _errors = errors;
        _depth = depth;
        _deadline = deadline;
    }

    /// <summary>Parses a whole file. <paramref name="timeLimit"/> bounds the parse; past it the rest of the file is an error.</summary>
    public static PythonModule Parse(string text, TimeSpan? timeLimit = null)
    {
        var (tokens, tokenErrors) = Tokenizer.Tokenize(text);
        var errors = new List<SyntaxError>(tokenErrors.Count);
        foreach (var (offset, message) in tokenErrors)
        {
            errors.Add(new SyntaxError(offset, message));
        }
        var deadline = Environment.TickCount64 + (long)(timeLimit ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        var parser = new PythonParser(text, tokens, errors, 0, deadline);
        var body = parser.Statements(topLevel: true);
        errors.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        var distinct = errors.Where((e, i) => i == 0 || errors[i - 1].Offset != e.Offset).ToList();
        return new PythonModule(text, body, distinct, new LineMap(text))
        {
            Python2Offset = distinct.Count > 0 ? Python2Marker.Find(text, tokens) : null,
        };
    }

    private Token Current => _tokens[_pos];

    private TokenKind Kind => _tokens[_pos].Kind;

    private TokenKind PeekKind(int ahead) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)].Kind;

    private Token Advance()
    {
        var token = _tokens[_pos];
        if (_pos < _tokens.Count - 1)
        {
            _pos++;
        }
        return token;
    }

    private bool Accept(TokenKind kind)
    {
        if (Kind != kind)
        {
            return false;
        }
        Advance();
        return true;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Kind != kind)
        {
            throw Error($"expected {what}");
        }
        return Advance();
    }

    private string ExpectName(string what) => Name(Expect(TokenKind.Name, what));

    private string Text(Token token) => _text.Substring(token.Start, token.Length);

    /// <summary>A name's text, one string per distinct identifier of the file (self, np, x… recur constantly).</summary>
    private string Name(Token token)
    {
        var span = _text.AsSpan(token.Start, token.Length);
        if (_names.TryGetValue(span, out var name))
        {
            return name;
        }
        name = span.ToString();
        _names[span] = name;
        return name;
    }

    private bool IsName(string word) => Kind == TokenKind.Name && _text.AsSpan(Current.Start, Current.Length).SequenceEqual(word);

    private bool IsNameAt(int ahead, string word)
    {
        var token = _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];
        return token.Kind == TokenKind.Name && _text.AsSpan(token.Start, token.Length).SequenceEqual(word);
    }

    private ParseException Error(string message)
    {
        var token = Current;
        var found = token.Kind switch
        {
            TokenKind.Newline => "end of line",
            TokenKind.EndMarker => "end of file",
            TokenKind.Indent => "indent",
            TokenKind.Dedent => "dedent",
            TokenKind.Error => null,
            _ => $"'{Shorten(_text.AsSpan(token.Start, token.Length))}'",
        };
        return new ParseException(token.Start, found is null ? "invalid token" : $"{message}, found {found}");
    }

    private static string Shorten(ReadOnlySpan<char> text) => text.Length > 20 ? $"{text[..20]}…" : text.ToString();

    /// <summary>Guards every recursive step: deep nesting is an error, not a crash.</summary>
    private void Enter()
    {
        // The stack probe is not free: every eighth level is often enough (a level is a few frames).
        if (++_depth > MaxDepth || ((_depth & 7) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack()))
        {
            _depth = 0;
            throw new ParseException(Current.Start, $"nesting deeper than {MaxDepth} levels");
        }
    }

    private void Exit() => _depth--;

    /// <summary>Statements of a block (or the module) until its DEDENT; each failed statement is recorded and skipped.</summary>
    private List<Stmt> Statements(bool topLevel)
    {
        var statements = new List<Stmt>();
        var depth = _depth;
        while (Kind != TokenKind.EndMarker && (topLevel || Kind != TokenKind.Dedent))
        {
            if (Environment.TickCount64 > _deadline)
            {
                _errors.Add(new SyntaxError(Current.Start, "parsing took too long; the rest of the file was not analysed"));
                _pos = _tokens.Count - 1;
                break;
            }
            switch (Kind)
            {
                case TokenKind.Newline or TokenKind.Dedent:
                    Advance();
                    continue;
                case TokenKind.Indent:
                    _errors.Add(new SyntaxError(Current.Start, "unexpected indent"));
                    SkipBlock();
                    continue;
            }
            var start = Current.Start;
            try
            {
                Statement(statements);
            }
            catch (ParseException ex)
            {
                _depth = depth;
                _errors.Add(new SyntaxError(ex.Offset, ex.Message));
                statements.Add(new InvalidStmt(start));
                Recover();
            }
        }
        return statements;
    }

    /// <summary>Skips the rest of the logical line and any block it opened.</summary>
    private void Recover()
    {
        while (Kind is not (TokenKind.Newline or TokenKind.EndMarker or TokenKind.Indent or TokenKind.Dedent))
        {
            Advance();
        }
        Accept(TokenKind.Newline);
        if (Kind == TokenKind.Indent)
        {
            SkipBlock();
        }
    }

    /// <summary>Skips from an INDENT to its matching DEDENT.</summary>
    private void SkipBlock()
    {
        var level = 0;
        do
        {
            switch (Kind)
            {
                case TokenKind.Indent: level++; break;
                case TokenKind.Dedent: level--; break;
                case TokenKind.EndMarker: return;
            }
            Advance();
        }
        while (level > 0);
    }

    /// <summary>Runs <paramref name="attempt"/>; on a syntax error rewinds and returns null (soft keywords, with-statement forms).</summary>
    private T? Try<T>(Func<T> attempt) where T : class
    {
        var position = _pos;
        var depth = _depth;
        try
        {
            return attempt();
        }
        catch (ParseException)
        {
            _pos = position;
            _depth = depth;
            return null;
        }
    }
}
