namespace Bulwark.Scanning.Web.Http;

/// <summary>
/// The user's credential header. Its value is sent, never shown: <see cref="Scrub"/> removes it (and the bare
/// token after a scheme such as "Bearer") from any text the scan keeps — HAR entries, evidence, notices.
/// </summary>
internal sealed class AuthHeader
{
    public const string Redacted = "[redacted]";

    private readonly string[] _forms;

    public AuthHeader(string line)
    {
        var colon = line.IndexOf(':');
        Name = line[..colon].Trim();
        Value = line[(colon + 1)..].Trim();
        var space = Value.IndexOf(' ');
        Token = space > 0 ? Value[(space + 1)..].Trim() : Value;
        _forms = new[] { Value, Token, Uri.EscapeDataString(Token) }.Where(f => f.Length >= 4).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length).ToArray();
    }

    public string Name { get; }

    public string Value { get; }

    /// <summary>The credential without its scheme word (the JWT of "Bearer eyJ…").</summary>
    public string Token { get; }

    public string Scrub(string text)
    {
        foreach (var form in _forms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, Redacted, StringComparison.Ordinal);
            }
        }
        return text;
    }
}
