using Bulwark.Scanning.PipelineConfig.Audit.Rules;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.PipelineConfig.Audit.Common;

/// <summary>
/// Literal credentials in <c>env:</c>, <c>with:</c>, <c>variables:</c> and container credentials, found by the
/// secret scanner's default rules (<see cref="CredentialCheck"/>): findings carry only the redacted value, and
/// fingerprints a digest of it. The rule set is compiled on the first value that could hold a credential.
/// </summary>
internal sealed class HardcodedCredentialCheck(AuditSink sink)
{
    private CredentialCheck? _check;

    /// <summary>Checks each scalar entry of a mapping (nested mappings such as GitLab's <c>{ value: … }</c> are followed one level).</summary>
    public void CheckMapping(YamlNode? mapping, string where)
    {
        foreach (var entry in mapping.Entries())
        {
            if (entry.Value.IsMapping() && entry.Value.Entry("value") is { } inner)
            {
                Check(new YamlEntry(entry.Key, inner.Line, inner.Column, inner.Value), where);
            }
            else
            {
                Check(entry, where);
            }
        }
    }

    private static readonly string[] SecretKeyWords = ["token", "key", "secret", "pass", "pwd", "auth", "credential", "cred", "private", "api"];

    private static readonly string[] SecretPrefixes =
        ["ghp_", "gho_", "ghs_", "ghu_", "github_pat_", "AKIA", "ASIA", "xox", "glpat-", "sk-", "sk_live", "-----BEGIN", "hf_", "npm_", "pypi-", "AIza", "ya29.", "SG.", "dop_v1_"];

    /// <summary>
    /// A cheap gate in front of the rule set (which takes a while to compile): a credential-sounding name, a
    /// known token prefix, or a long mixed-character value. Ordinary settings (versions, paths, flags) skip it.
    /// </summary>
    internal static bool MayHoldCredential(string key, string value)
    {
        if (SecretKeyWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase)) || SecretPrefixes.Any(p => value.Contains(p, StringComparison.Ordinal)))
        {
            return true;
        }
        if (value.Length < 20 || value.Contains(' ', StringComparison.Ordinal) || value.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }
        return value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetterUpper) && value.Any(char.IsAsciiLetterLower);
    }

    public void Check(YamlEntry entry, string where)
    {
        var value = entry.Value;
        // Values too short for any credential, and pure references, never wake the rule set up.
        if (value.Kind != YamlNodeKind.Scalar || value.Value.Length < 8 || !sink.Enabled(AuditRules.HardcodedCredentials)
            || (value.Value.StartsWith("${{", StringComparison.Ordinal) && value.Value.TrimEnd().EndsWith("}}", StringComparison.Ordinal))
            || (value.Value.StartsWith('$') && !value.Value.Contains(' ', StringComparison.Ordinal)))
        {
            return;
        }
        if (!MayHoldCredential(entry.Key, value.Value))
        {
            return;
        }
        _check ??= new CredentialCheck();
        if (_check.Find(entry) is { } hit)
        {
            sink.Report(AuditRules.HardcodedCredentials, hit.Line, hit.Column,
                $"{where}.{entry.Key} holds a hard-coded credential ({hit.RuleTitle}: {hit.Redacted})", $"{entry.Key}|{hit.Digest}",
                properties: new Dictionary<string, string> { ["secretRule"] = hit.RuleId });
        }
    }
}
