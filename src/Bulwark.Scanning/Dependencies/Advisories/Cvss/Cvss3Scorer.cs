namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>
/// CVSS v3.0 and v3.1 base scores (FIRST specification, section 7.1 / 7 of the 3.0 document). The two versions share
/// metrics, weights and formulas; only the final round-up differs.
/// </summary>
internal static class Cvss3Scorer
{
    // Base metrics first, in the order the weight tables below are indexed; then temporal and environmental metrics,
    // which are validated but do not change the base score.
    private static readonly CvssMetric[] Metrics =
    [
        new("AV", true, ["N", "A", "L", "P"]),
        new("AC", true, ["L", "H"]),
        new("PR", true, ["N", "L", "H"]),
        new("UI", true, ["N", "R"]),
        new("S", true, ["U", "C"]),
        new("C", true, ["H", "L", "N"]),
        new("I", true, ["H", "L", "N"]),
        new("A", true, ["H", "L", "N"]),
        new("E", false, ["X", "H", "F", "P", "U"]),
        new("RL", false, ["X", "U", "W", "T", "O"]),
        new("RC", false, ["X", "C", "R", "U"]),
        new("CR", false, ["X", "H", "M", "L"]),
        new("IR", false, ["X", "H", "M", "L"]),
        new("AR", false, ["X", "H", "M", "L"]),
        new("MAV", false, ["X", "N", "A", "L", "P"]),
        new("MAC", false, ["X", "L", "H"]),
        new("MPR", false, ["X", "N", "L", "H"]),
        new("MUI", false, ["X", "N", "R"]),
        new("MS", false, ["X", "U", "C"]),
        new("MC", false, ["X", "H", "L", "N"]),
        new("MI", false, ["X", "H", "L", "N"]),
        new("MA", false, ["X", "H", "L", "N"]),
    ];

    private static readonly double[] AttackVector = [0.85, 0.62, 0.55, 0.2];
    private static readonly double[] AttackComplexity = [0.77, 0.44];
    private static readonly double[] PrivilegesUnchanged = [0.85, 0.62, 0.27];
    private static readonly double[] PrivilegesChanged = [0.85, 0.68, 0.5];
    private static readonly double[] UserInteraction = [0.85, 0.62];
    private static readonly double[] Impact = [0.56, 0.22, 0];

    /// <summary>Scores the metric part of a vector; <paramref name="version"/> is "3.0" or "3.1".</summary>
    public static bool TryScore(ReadOnlySpan<char> body, string version, out double score, out string? error)
    {
        Span<sbyte> v = stackalloc sbyte[Metrics.Length];
        if (!CvssVectorParser.TryParse(body, "CVSS:" + version, Metrics, v, out error))
        {
            score = 0;
            return false;
        }

        var scopeChanged = v[4] == 1;
        // Evaluated in the specification's order so the floating-point result matches other implementations bit for bit.
        var iss = 1 - ((1 - Impact[v[5]]) * (1 - Impact[v[6]]) * (1 - Impact[v[7]]));
        var impact = scopeChanged ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        var privileges = scopeChanged ? PrivilegesChanged[v[2]] : PrivilegesUnchanged[v[2]];
        var exploitability = 8.22 * AttackVector[v[0]] * AttackComplexity[v[1]] * privileges * UserInteraction[v[3]];

        if (impact <= 0)
        {
            score = 0;
            return true;
        }
        var raw = scopeChanged ? Math.Min(1.08 * (impact + exploitability), 10) : Math.Min(impact + exploitability, 10);
        score = version == "3.0" ? RoundUp30(raw) : RoundUp31(raw);
        return true;
    }

    /// <summary>v3.0: the smallest one-decimal number not below the input, computed directly in floating point.</summary>
    internal static double RoundUp30(double value) => Math.Ceiling(value * 10) / 10;

    /// <summary>
    /// v3.1 Appendix A: round up on an integer scaled by 100,000 first, so a value such as 4.000000000000001 (an
    /// artefact of floating point) stays 4.0 instead of becoming 4.1.
    /// </summary>
    internal static double RoundUp31(double value)
    {
        var scaled = (long)Math.Round(value * 100_000, MidpointRounding.AwayFromZero);
        return scaled % 10_000 == 0 ? scaled / 100_000.0 : ((scaled / 10_000) + 1) / 10.0;
    }
}
