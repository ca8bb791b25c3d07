namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>CVSS v2 base scores (FIRST "A Complete Guide to the CVSS Version 2.0", section 3.2.1).</summary>
internal static class Cvss2Scorer
{
    private static readonly CvssMetric[] Metrics =
    [
        new("AV", true, ["L", "A", "N"]),
        new("AC", true, ["H", "M", "L"]),
        new("Au", true, ["M", "S", "N"]),
        new("C", true, ["N", "P", "C"]),
        new("I", true, ["N", "P", "C"]),
        new("A", true, ["N", "P", "C"]),
        new("E", false, ["U", "POC", "F", "H", "ND"]),
        new("RL", false, ["OF", "TF", "W", "U", "ND"]),
        new("RC", false, ["UC", "UR", "C", "ND"]),
        new("CDP", false, ["N", "L", "LM", "MH", "H", "ND"]),
        new("TD", false, ["N", "L", "M", "H", "ND"]),
        new("CR", false, ["L", "M", "H", "ND"]),
        new("IR", false, ["L", "M", "H", "ND"]),
        new("AR", false, ["L", "M", "H", "ND"]),
    ];

    private static readonly double[] AccessVector = [0.395, 0.646, 1.0];
    private static readonly double[] AccessComplexity = [0.35, 0.61, 0.71];
    private static readonly double[] Authentication = [0.45, 0.56, 0.704];
    private static readonly double[] Impact = [0, 0.275, 0.660];

    public static bool TryScore(ReadOnlySpan<char> body, out double score, out string? error)
    {
        Span<sbyte> v = stackalloc sbyte[Metrics.Length];
        if (!CvssVectorParser.TryParse(body, "CVSS v2", Metrics, v, out error))
        {
            score = 0;
            return false;
        }

        var impact = 10.41 * (1 - ((1 - Impact[v[3]]) * (1 - Impact[v[4]]) * (1 - Impact[v[5]])));
        if (impact == 0)
        {
            // f(Impact) is 0, so the score is 0 whatever the exploitability.
            score = 0;
            return true;
        }
        var exploitability = 20 * AccessVector[v[0]] * AccessComplexity[v[1]] * Authentication[v[2]];
        var raw = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * 1.176;
        score = Math.Round(raw * 10, MidpointRounding.AwayFromZero) / 10;
        return true;
    }
}
