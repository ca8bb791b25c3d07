namespace Bulwark.Scanning.Secrets;

/// <summary>The remediation text every secret rule shares in reports.</summary>
internal static class SecretHelp
{
    public static string Text(string title) =>
        $"A {title} appears in the scanned content. Treat it as compromised: revoke or rotate it at its provider, " +
        "then remove it from the code and, if it was committed, from git history (git filter-repo). Load credentials " +
        "at run time from a secret store or environment variable instead. If this is not a real secret, add " +
        "`bulwark:allow` in a comment on the line, or record its fingerprint with `--write-baseline`.";
}
