namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>The qualitative severity scale of CVSS v3.x and v4.0, also applied to v2 scores for one vocabulary.</summary>
internal static class CvssRating
{
    public const string None = "None";
    public const string Low = "Low";
    public const string Medium = "Medium";
    public const string High = "High";
    public const string Critical = "Critical";

    /// <summary>None 0.0, Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0.</summary>
    public static string FromScore(double score) => score switch
    {
        < 0.1 => None,
        < 4.0 => Low,
        < 7.0 => Medium,
        < 9.0 => High,
        _ => Critical,
    };
}
