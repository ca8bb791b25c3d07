using System.Diagnostics.CodeAnalysis;

namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>
/// Scores the CVSS vectors of OSV <c>severity[]</c> entries: CVSS_V2 (bare v2 vector), CVSS_V3 (<c>CVSS:3.0/</c> or
/// <c>CVSS:3.1/</c>) and CVSS_V4 (<c>CVSS:4.0/</c>). Never throws; a bad vector becomes an error naming what is wrong.
/// </summary>
internal static class CvssCalculator
{
    /// <summary>Longer than any valid vector (a v4.0 vector with every metric is under 200 characters).</summary>
    public const int MaxVectorLength = 512;

    public const string TypeV2 = "CVSS_V2";
    public const string TypeV3 = "CVSS_V3";
    public const string TypeV4 = "CVSS_V4";

    /// <summary>
    /// Validates <paramref name="vector"/> for the OSV severity <paramref name="type"/> and computes its score
    /// (see <see cref="CvssScore.BaseScore"/> for what the score covers per version). Metrics may appear in any order;
    /// surrounding whitespace is ignored.
    /// </summary>
    public static bool TryScore(string? type, string? vector, [NotNullWhen(true)] out CvssScore? score, out string? error)
    {
        score = null;
        if (vector is null || vector.Length == 0)
        {
            error = "CVSS vector is empty";
            return false;
        }
        if (vector.Length > MaxVectorLength)
        {
            error = $"CVSS vector is {vector.Length} characters long, more than the {MaxVectorLength} any valid vector needs";
            return false;
        }

        var text = vector.AsSpan().Trim();
        string version;
        double value;
        bool scored;
        if (string.Equals(type, TypeV3, StringComparison.OrdinalIgnoreCase))
        {
            version = text.StartsWith("CVSS:3.1/", StringComparison.Ordinal) ? "3.1"
                : text.StartsWith("CVSS:3.0/", StringComparison.Ordinal) ? "3.0"
                : "";
            if (version.Length == 0)
            {
                error = $"{TypeV3} vector must start with CVSS:3.0/ or CVSS:3.1/, not '{Prefix(text)}'";
                return false;
            }
            scored = Cvss3Scorer.TryScore(text[9..], version, out value, out error);
        }
        else if (string.Equals(type, TypeV4, StringComparison.OrdinalIgnoreCase))
        {
            version = "4.0";
            if (!text.StartsWith("CVSS:4.0/", StringComparison.Ordinal))
            {
                error = $"{TypeV4} vector must start with CVSS:4.0/, not '{Prefix(text)}'";
                return false;
            }
            scored = Cvss4Scorer.TryScore(text[9..], out value, out error);
        }
        else if (string.Equals(type, TypeV2, StringComparison.OrdinalIgnoreCase))
        {
            version = "2.0";
            if (text.StartsWith("CVSS:", StringComparison.Ordinal))
            {
                error = $"{TypeV2} vector has no version prefix, but this one starts with '{Prefix(text)}'";
                return false;
            }
            scored = Cvss2Scorer.TryScore(text, out value, out error);
        }
        else
        {
            error = $"severity type '{CvssVectorParser.Quote(type)}' is not {TypeV2}, {TypeV3} or {TypeV4}";
            return false;
        }

        if (!scored)
        {
            return false;
        }
        score = new CvssScore(version, value, CvssRating.FromScore(value), vector);
        return true;
    }

    private static string Prefix(ReadOnlySpan<char> text)
    {
        var slash = text.IndexOf('/');
        return CvssVectorParser.Quote(slash < 0 ? text : text[..slash]);
    }
}
