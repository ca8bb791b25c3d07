namespace Bulwark.Server.Secrets.External;

/// <summary>
/// A Vault token or AppRole secret_id held in memory. ToString never shows it, so an options record that is
/// printed or logged cannot leak it; only the HTTP layer calls <see cref="Reveal"/>.
/// </summary>
internal sealed class VaultCredential
{
    public const int MaxLength = 4096;
    private readonly string _value;

    private VaultCredential(string value) => _value = value;

    /// <summary>
    /// A credential from untrusted text (environment, file, login response): 1..4096 visible ASCII characters
    /// after trimming, so it is a valid header value and cannot inject headers. Null when it is not.
    /// </summary>
    public static VaultCredential? From(string? text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed.Length > MaxLength)
        {
            return null;
        }
        foreach (var c in trimmed)
        {
            if (c is < '!' or > '~')
            {
                return null;
            }
        }
        return new VaultCredential(trimmed.ToString());
    }

    public string Reveal() => _value;

    public override string ToString() => "[redacted]";
}
