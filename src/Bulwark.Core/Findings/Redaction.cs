namespace Bulwark.Core.Findings;

/// <summary>
/// Turns a secret into evidence that is safe to print: the first four characters and the length.
/// Short secrets show less, so that at most a third of the value is ever revealed.
/// </summary>
public static class Redaction
{
    private const int ShownPrefix = 4;

    public static string Redact(ReadOnlySpan<char> secret)
    {
        var shown = Math.Min(ShownPrefix, secret.Length / 3);
        return $"{secret[..shown]}…({secret.Length} chars)";
    }
}
