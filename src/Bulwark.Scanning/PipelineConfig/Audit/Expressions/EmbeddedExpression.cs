namespace Bulwark.Scanning.PipelineConfig.Audit.Expressions;

/// <summary>One <c>${{ … }}</c> inside a string: its span in the string (delimiters included) and its inner text.</summary>
internal readonly record struct EmbeddedExpression(int Start, int End, string Inner);

/// <summary>Finds the <c>${{ }}</c> placeholders of a string, skipping a <c>}}</c> inside a quoted literal.</summary>
internal static class EmbeddedExpressions
{
    /// <summary>Most placeholders read from one value; a hostile value cannot make the audit quadratic.</summary>
    public const int MaxPerValue = 1000;

    public static List<EmbeddedExpression> Find(string text)
    {
        var found = new List<EmbeddedExpression>();
        var from = 0;
        while (found.Count < MaxPerValue)
        {
            var open = text.IndexOf("${{", from, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }
            var close = Close(text, open + 3);
            if (close < 0)
            {
                break;
            }
            found.Add(new EmbeddedExpression(open, close + 2, text[(open + 3)..close].Trim()));
            from = close + 2;
        }
        return found;
    }

    public static bool Contains(string text) => text.Contains("${{", StringComparison.Ordinal);

    private static int Close(string text, int from)
    {
        var quoted = false;
        for (var i = from; i < text.Length - 1; i++)
        {
            if (text[i] == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == '}' && text[i + 1] == '}')
            {
                return i;
            }
        }
        return -1;
    }
}
