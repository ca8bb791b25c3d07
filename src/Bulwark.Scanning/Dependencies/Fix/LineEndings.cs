namespace Bulwark.Scanning.Dependencies.Fix;

/// <summary>Splits text into lines that keep their own line ending, so joining them gives the file back byte for byte.</summary>
internal static class LineEndings
{
    public static string[] Split(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }
        return [.. lines];
    }
}
