namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>
/// CVSS v4.0 scores by the FIRST specification's algorithm (section 8 and the reference calculator): the vector's
/// macrovector (EQ1–EQ6) gives a score from <see cref="Cvss4Tables"/>, which is lowered by the vector's mean
/// proportional severity distance from the macrovector's highest-severity vectors. Threat and environmental metrics
/// take part as in the reference calculator (E:X counts as Attacked, CR/IR/AR:X as High, a modified metric replaces its
/// base metric); supplemental metrics are validated and never change the score.
/// </summary>
internal static class Cvss4Scorer
{
    // Effective-value slots: the 11 base metrics in table order, then E, CR, IR, AR.
    private const int AV = 0, AC = 1, AT = 2, PR = 3, UI = 4, VC = 5, VI = 6, VA = 7, SC = 8, SI = 9, SA = 10;
    private const int E = 11, CR = 12, IR = 13, AR = 14, ModifiedOffset = 15;

    // Base metrics first, then threat, environmental (MAV..MSA in base order, so modified = base + 15) and
    // supplemental. Every optional metric lists X first, so index 0 means Not Defined.
    private static readonly CvssMetric[] Metrics =
    [
        new("AV", true, ["N", "A", "L", "P"]),
        new("AC", true, ["L", "H"]),
        new("AT", true, ["N", "P"]),
        new("PR", true, ["N", "L", "H"]),
        new("UI", true, ["N", "P", "A"]),
        new("VC", true, ["H", "L", "N"]),
        new("VI", true, ["H", "L", "N"]),
        new("VA", true, ["H", "L", "N"]),
        new("SC", true, ["H", "L", "N"]),
        new("SI", true, ["H", "L", "N"]),
        new("SA", true, ["H", "L", "N"]),
        new("E", false, ["X", "A", "P", "U"]),
        new("CR", false, ["X", "H", "M", "L"]),
        new("IR", false, ["X", "H", "M", "L"]),
        new("AR", false, ["X", "H", "M", "L"]),
        new("MAV", false, ["X", "N", "A", "L", "P"]),
        new("MAC", false, ["X", "L", "H"]),
        new("MAT", false, ["X", "N", "P"]),
        new("MPR", false, ["X", "N", "L", "H"]),
        new("MUI", false, ["X", "N", "P", "A"]),
        new("MVC", false, ["X", "H", "L", "N"]),
        new("MVI", false, ["X", "H", "L", "N"]),
        new("MVA", false, ["X", "H", "L", "N"]),
        new("MSC", false, ["X", "H", "L", "N"]),
        new("MSI", false, ["X", "S", "H", "L", "N"]),
        new("MSA", false, ["X", "S", "H", "L", "N"]),
        new("S", false, ["X", "N", "P"]),
        new("AU", false, ["X", "N", "Y"]),
        new("R", false, ["X", "A", "U", "I"]),
        new("V", false, ["X", "D", "C"]),
        new("RE", false, ["X", "L", "M", "H"]),
        new("U", false, ["X", "Clear", "Green", "Amber", "Red"]),
    ];

    public static bool TryScore(ReadOnlySpan<char> body, out double score, out string? error)
    {
        Span<sbyte> v = stackalloc sbyte[Metrics.Length];
        if (!CvssVectorParser.TryParse(body, "CVSS:4.0", Metrics, v, out error))
        {
            score = 0;
            return false;
        }

        Span<char> m = stackalloc char[AR + 1];
        for (var i = AV; i <= SA; i++)
        {
            var modified = v[i + ModifiedOffset];
            m[i] = modified > 0 ? Metrics[i + ModifiedOffset].Values[modified][0] : Metrics[i].Values[v[i]][0];
        }
        m[E] = v[E] > 0 ? Metrics[E].Values[v[E]][0] : 'A';
        for (var i = CR; i <= AR; i++)
        {
            m[i] = v[i] > 0 ? Metrics[i].Values[v[i]][0] : 'H';
        }
        score = Score(m);
        return true;
    }

    /// <summary>Scores effective metric values (one letter each, slots as the constants above).</summary>
    private static double Score(ReadOnlySpan<char> m)
    {
        if (m[VC] == 'N' && m[VI] == 'N' && m[VA] == 'N' && m[SC] == 'N' && m[SI] == 'N' && m[SA] == 'N')
        {
            return 0;
        }

        var macro = Cvss4MacroVector.From(m);
        var value = Cvss4MacroVector.Score(macro);

        var lowerEq1 = Cvss4MacroVector.Score(macro with { Eq1 = macro.Eq1 + 1 });
        var lowerEq2 = Cvss4MacroVector.Score(macro with { Eq2 = macro.Eq2 + 1 });
        var lowerEq3Eq6 = (macro.Eq3, macro.Eq6) switch
        {
            (0, 0) => HigherOf(
                Cvss4MacroVector.Score(macro with { Eq6 = 1 }), Cvss4MacroVector.Score(macro with { Eq3 = 1 })),
            (1, 0) => Cvss4MacroVector.Score(macro with { Eq6 = 1 }),
            (0 or 1, 1) => Cvss4MacroVector.Score(macro with { Eq3 = macro.Eq3 + 1 }),
            _ => double.NaN,
        };
        var lowerEq4 = Cvss4MacroVector.Score(macro with { Eq4 = macro.Eq4 + 1 });
        var lowerEq5 = Cvss4MacroVector.Score(macro with { Eq5 = macro.Eq5 + 1 });

        var distance = Cvss4SeverityDistance.FromHighestSeverityVector(m, macro);

        // The reference calculator works in binary floating point; the same operations in the same order keep our
        // scores identical to its scores, including at rounding ties.
        const double Step = 0.1;
        var count = 0;
        var sum = 0.0;
        Accumulate(value - lowerEq1, distance.Eq1, Cvss4Tables.Eq1MaxSeverity[macro.Eq1] * Step, ref sum, ref count);
        Accumulate(value - lowerEq2, distance.Eq2, Cvss4Tables.Eq2MaxSeverity[macro.Eq2] * Step, ref sum, ref count);
        Accumulate(value - lowerEq3Eq6, distance.Eq3Eq6, Cvss4Tables.Eq3Eq6MaxSeverity[macro.Eq3][macro.Eq6] * Step, ref sum, ref count);
        Accumulate(value - lowerEq4, distance.Eq4, Cvss4Tables.Eq4MaxSeverity[macro.Eq4] * Step, ref sum, ref count);
        if (!double.IsNaN(lowerEq5))
        {
            // EQ5 (exploit maturity) has no distance inside its level; it only counts towards the mean.
            count++;
        }

        value -= count == 0 ? 0 : sum / count;
        value = Math.Clamp(value, 0, 10);
        // Round half up, lifted by 1e-6 so a tie that floating point leaves at x.x4999... rounds up as the
        // reference calculator does since its 2024 rounding fix.
        return Math.Round((value + 1e-6) * 10, MidpointRounding.AwayFromZero) / 10;
    }

    private static void Accumulate(double available, double distance, double maxSeverity, ref double sum, ref int count)
    {
        if (double.IsNaN(available))
        {
            return;
        }
        count++;
        sum += available * (distance / maxSeverity);
    }

    private static double HigherOf(double left, double right) => left > right ? left : right;
}
