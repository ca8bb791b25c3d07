using Bulwark.Core.Findings;

namespace Bulwark.Scanning.PipelineConfig.Audit;

/// <summary>Turns rule matches into report findings: stable fingerprints (rule, file, subject; never positions), one finding per fingerprint, file order.</summary>
internal static class AuditFindings
{
    public static List<Finding> ToFindings(IEnumerable<AuditFinding> matches)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var findings = new List<Finding>();
        foreach (var match in matches.OrderBy(m => m.Path, StringComparer.Ordinal).ThenBy(m => m.Line).ThenBy(m => m.Column).ThenBy(m => m.Rule.Id, StringComparer.Ordinal))
        {
            var fingerprint = Fingerprint.Create(match.Rule.Id, match.Path, match.Subject);
            if (!seen.Add(fingerprint))
            {
                continue;
            }
            var properties = new Dictionary<string, string>(match.Properties) { ["confidence"] = match.Rule.Confidence.ToString().ToLowerInvariant() };
            findings.Add(new Finding(
                match.Rule.Id,
                match.Rule.Title,
                match.Severity,
                new Location(match.Path, match.Line, match.Column, match.Line, match.Column),
                match.Message,
                fingerprint,
                Evidence(match))
            {
                Properties = properties,
            });
        }
        return findings;
    }

    /// <summary>
    /// The subject for people: its parts (job, expression, action…) without the internal step indexes, joined by " › ".
    /// Credentials are evidenced by their (already redacted) message only.
    /// </summary>
    private static string Evidence(AuditFinding match)
    {
        if (match.Rule.Id == Rules.AuditRules.HardcodedCredentials.Id)
        {
            return "";
        }
        var shown = string.Join(" › ", match.Subject.Split('|').Where(part => part.Length > 0 && !part.All(char.IsAsciiDigit)));
        return shown.Length <= 200 ? shown : shown[..200];
    }
}
