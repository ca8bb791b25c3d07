namespace Bulwark.Scanning.Code.Python;

/// <summary>One token: its kind and where it is in the source text (UTF-16 offsets).</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length)
{
    public int End => Start + Length;
}
