namespace Bulwark.Ml.Data.Profiling;

/// <summary>Lower-cased runs of letters and digits: "Great film!!" → great, film. At most 10,000 tokens per text.</summary>
internal static class Tokenizer
{
    public const int MaxTokens = 10_000;

    public static void Tokenize(string text, List<string> tokens)
    {
        tokens.Clear();
        var start = -1;
        for (var i = 0; i <= text.Length && tokens.Count < MaxTokens; i++)
        {
            var inside = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inside && start < 0)
            {
                start = i;
            }
            else if (!inside && start >= 0)
            {
                tokens.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
    }
}
