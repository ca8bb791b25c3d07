using System.Globalization;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Dependencies.Advisories;
using Bulwark.Scanning.Dependencies.Advisories.Cvss;

namespace Bulwark.Scanning.Dependencies.Audit;

/// <summary>
/// How bad an advisory is for one package: the CVSS base scores computed from its vectors (the package's own
/// <c>severity[]</c> first, then the advisory's), else the database's severity word, else a default.
/// </summary>
internal sealed record AdvisorySeverity(Severity Severity, string Source, CvssScore? CvssV3, CvssScore? CvssV4, CvssScore? CvssV2, string? DatabaseSeverity)
{
    /// <summary>The score SARIF's <c>security-severity</c> carries: the newest CVSS version present.</summary>
    public double? Score => (CvssV4 ?? CvssV3 ?? CvssV2)?.BaseScore;

    public static AdvisorySeverity Assess(Advisory advisory, AffectedPackage? affected)
    {
        var vectors = affected is { Severity.Count: > 0 } ? affected.Severity : advisory.Severity;
        CvssScore? v2 = null, v3 = null, v4 = null;
        foreach (var entry in vectors)
        {
            if (!CvssCalculator.TryScore(entry.Type, entry.Score, out var score, out _))
            {
                continue;
            }
            switch (score.Version)
            {
                case "4.0":
                    v4 ??= score;
                    break;
                case "3.0" or "3.1":
                    // Prefer 3.1 when both are given: it fixes 3.0's rounding.
                    v3 = v3 is null || score.Version == "3.1" ? score : v3;
                    break;
                default:
                    v2 ??= score;
                    break;
            }
        }
        if ((v4 ?? v3 ?? v2) is { } best)
        {
            return new AdvisorySeverity(FromScore(best.BaseScore), $"CVSS {best.Version}", v3, v4, v2, advisory.DatabaseSeverity);
        }
        if (FromWord(advisory.DatabaseSeverity) is { } word)
        {
            return new AdvisorySeverity(word, "database", null, null, null, advisory.DatabaseSeverity);
        }
        // OSV's MAL- advisories are malicious packages: nothing about them is "moderate".
        return advisory.Id.StartsWith("MAL-", StringComparison.Ordinal)
            ? new AdvisorySeverity(Severity.Critical, "malicious package", null, null, null, null)
            : new AdvisorySeverity(Severity.Medium, "unscored (default medium)", null, null, null, null);
    }

    public static Severity FromScore(double score) => score switch
    {
        >= 9.0 => Severity.Critical,
        >= 7.0 => Severity.High,
        >= 4.0 => Severity.Medium,
        > 0.0 => Severity.Low,
        _ => Severity.Info,
    };

    /// <summary>GitHub and other databases use CRITICAL, HIGH, MODERATE/MEDIUM, LOW.</summary>
    private static Severity? FromWord(string? word) => word?.Trim().ToUpperInvariant() switch
    {
        "CRITICAL" => Severity.Critical,
        "HIGH" => Severity.High,
        "MODERATE" or "MEDIUM" => Severity.Medium,
        "LOW" => Severity.Low,
        _ => null,
    };

    public void AddTo(Dictionary<string, string> properties)
    {
        properties["severitySource"] = Source;
        Add(properties, "cvssV3", CvssV3);
        Add(properties, "cvssV4", CvssV4);
        Add(properties, "cvssV2", CvssV2);
        if (DatabaseSeverity is not null)
        {
            properties["databaseSeverity"] = DatabaseSeverity;
        }
    }

    private static void Add(Dictionary<string, string> properties, string name, CvssScore? score)
    {
        if (score is not null)
        {
            properties[name + "Vector"] = score.Vector;
            properties[name + "Score"] = score.BaseScore.ToString("0.0", CultureInfo.InvariantCulture);
        }
    }
}
