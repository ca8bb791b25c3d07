namespace Bulwark.Scanning.Code.Python;

/// <summary>A syntax error at an offset of the source; <see cref="PythonModule.Position"/> turns it into line:column.</summary>
internal readonly record struct SyntaxError(int Offset, string Message);

/// <summary>
/// A parsed Python file: the statements that parsed (a statement with a syntax error becomes an
/// <see cref="InvalidStmt"/> and parsing resumes at the next one), the errors, and the offset-to-line map.
/// </summary>
internal sealed class PythonModule(string text, IReadOnlyList<Stmt> body, IReadOnlyList<SyntaxError> errors, LineMap lines)
{
    public string Text { get; } = text;

    public IReadOnlyList<Stmt> Body { get; } = body;

    public IReadOnlyList<SyntaxError> Errors { get; } = errors;

    public LineMap Lines { get; } = lines;

    /// <summary>Where the file first shows Python 2 syntax (a print statement, <c>except E, e:</c>, <c>&lt;&gt;</c>), when it failed to parse.</summary>
    public int? Python2Offset { get; init; }

    public (int Line, int Column) Position(int offset) => Lines.Position(offset);
}
