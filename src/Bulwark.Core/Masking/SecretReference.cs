namespace Bulwark.Core.Masking;

/// <summary>
/// A <c>${{ secrets.NAME }}</c> reference inside a pipeline value: how a gate parameter names a secret of its job
/// instead of holding the credential. The pipeline validator and the runner read it the same way.
/// </summary>
public static class SecretReference
{
    private const string Open = "${{";
    private const string Close = "}}";
    private const string Prefix = "secrets.";

    /// <summary>The single reference in <paramref name="text"/>: its span (<paramref name="start"/> to <paramref name="end"/>, exclusive) and the secret's name.</summary>
    /// <returns>False when there is no reference, more than one, or the name does not match [A-Za-z_][A-Za-z0-9_]{0,127}.</returns>
    public static bool TryParse(string text, out int start, out int end, out string name)
    {
        start = text.IndexOf(Open, StringComparison.Ordinal);
        end = start < 0 ? -1 : text.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
        name = "";
        if (start < 0 || end < 0)
        {
            return false;
        }
        var inner = text.AsSpan(start + Open.Length, end - start - Open.Length).Trim();
        end += Close.Length;
        if (!inner.StartsWith(Prefix, StringComparison.Ordinal) || text.IndexOf(Open, end, StringComparison.Ordinal) >= 0)
        {
            return false;
        }
        name = inner[Prefix.Length..].ToString();
        return IsSecretName(name);
    }

    private static bool IsSecretName(string name) =>
        name.Length is > 0 and <= 128 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
