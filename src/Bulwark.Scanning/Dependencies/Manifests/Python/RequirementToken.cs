namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>A whitespace-separated word of a requirements line and where it starts in the line.</summary>
internal readonly record struct RequirementToken(string Text, int Offset)
{
    /// <summary>Splits on whitespace; quoted runs ("..." or '...') stay in one token, quotes included.</summary>
    public static List<RequirementToken> Split(string text)
    {
        var tokens = new List<RequirementToken>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            if (i >= text.Length)
            {
                break;
            }
            var start = i;
            char quote = '\0';
            while (i < text.Length && (quote != '\0' || !char.IsWhiteSpace(text[i])))
            {
                if (quote == '\0' && text[i] is '"' or '\'')
                {
                    quote = text[i];
                }
                else if (text[i] == quote)
                {
                    quote = '\0';
                }
                i++;
            }
            tokens.Add(new RequirementToken(text[start..i], start));
        }
        return tokens;
    }
}
