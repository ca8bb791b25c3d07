namespace Bulwark.Scanning.Code.Python;

/// <summary>
/// Recognises Python 2 source among files that failed to parse, so the report says "Python 2" instead of
/// listing dozens of syntax errors: a print or exec statement, <c>except E, e:</c>, backticks, <c>&lt;&gt;</c>.
/// </summary>
internal static class Python2Marker
{
    /// <summary>The offset of the first Python 2 construct, or null.</summary>
    public static int? Find(string text, List<Token> tokens)
    {
        var statementStart = true;
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            var token = tokens[i];
            var next = tokens[i + 1];
            switch (token.Kind)
            {
                case TokenKind.Newline or TokenKind.Indent or TokenKind.Dedent or TokenKind.Semicolon:
                    statementStart = true;
                    continue;
                case TokenKind.Name when statementStart && next.Kind is TokenKind.String or TokenKind.Name or TokenKind.Number or TokenKind.RightShift
                    && text.AsSpan(token.Start, token.Length) is "print" or "exec"
                    && (next.Kind != TokenKind.Name || next.Start > token.End):
                    return token.Start;
                case TokenKind.Except when next.Kind == TokenKind.Name && i + 3 < tokens.Count && tokens[i + 2].Kind == TokenKind.Comma && tokens[i + 3].Kind == TokenKind.Name
                    && i + 4 < tokens.Count && tokens[i + 4].Kind == TokenKind.Colon:
                    return token.Start;
                case TokenKind.Error when token.Length == 2 || text[token.Start] == '`':
                    return token.Start;
            }
            statementStart = false;
        }
        return null;
    }
}
