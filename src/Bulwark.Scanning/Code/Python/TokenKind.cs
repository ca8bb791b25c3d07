namespace Bulwark.Scanning.Code.Python;

/// <summary>
/// Kinds of Python tokens. Hard keywords and every operator get their own kind so the parser compares
/// integers, never strings; soft keywords (match, case, type, _) stay <see cref="Name"/>.
/// </summary>
internal enum TokenKind : byte
{
    EndMarker,
    Newline,
    Indent,
    Dedent,
    Name,
    Number,
    String,
    FString,
    Error,

    // Hard keywords.
    False, None, True, And, As, Assert, Async, Await, Break, Class, Continue, Def, Del, Elif, Else, Except,
    Finally, For, From, Global, If, Import, In, Is, Lambda, Nonlocal, Not, Or, Pass, Raise, Return, Try,
    While, With, Yield,

    // Brackets and punctuation.
    LParen, RParen, LBracket, RBracket, LBrace, RBrace, Comma, Colon, Semicolon, Dot, Ellipsis, Arrow,
    ColonEqual, Equal, At,

    // Operators.
    Plus, Minus, Star, DoubleStar, Slash, DoubleSlash, Percent, Ampersand, Pipe, Caret, Tilde, LeftShift,
    RightShift, Less, Greater, LessEqual, GreaterEqual, EqualEqual, NotEqual, Exclamation,

    // Augmented assignment.
    PlusEqual, MinusEqual, StarEqual, DoubleStarEqual, SlashEqual, DoubleSlashEqual, PercentEqual,
    AmpersandEqual, PipeEqual, CaretEqual, LeftShiftEqual, RightShiftEqual, AtEqual,
}
