using System.Globalization;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Secrets.Content;

namespace Bulwark.Scanning.Secrets;

/// <summary>Builds the reported finding from a match: redacted evidence and a fingerprint that survives line moves.</summary>
internal static class SecretFindingFactory
{
    public static Finding Create(SecretRule rule, SecretMatch match, ContentOrigin origin, int line, int column, int endLine, int endColumn, IReadOnlyDictionary<string, string>? extra = null)
    {
        var evidence = Redaction.Redact(match.Secret);
        var location = new Location(origin.Path, line, column, endLine, endColumn)
        {
            InnerPath = origin.InnerPath,
            Commit = origin.Commit,
        };
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["entropy"] = match.Entropy.ToString("F2", CultureInfo.InvariantCulture),
        };
        if (extra is not null)
        {
            foreach (var (key, value) in extra)
            {
                properties[key] = value;
            }
        }
        var where = origin.Commit is { } commit ? $" (introduced in commit {commit.Sha[..Math.Min(12, commit.Sha.Length)]})" : "";
        return new Finding(
            rule.Id,
            rule.Title,
            rule.Severity,
            location,
            $"{rule.Title} found: {evidence}{where}. {rule.Description}",
            Fingerprint.Create("secret", rule.Id, origin.Path, origin.InnerPath, Fingerprint.DigestOf(match.Secret)),
            evidence)
        {
            Properties = properties,
        };
    }
}
