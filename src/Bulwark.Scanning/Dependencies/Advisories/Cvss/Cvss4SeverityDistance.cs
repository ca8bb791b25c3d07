namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>
/// How far, in severity steps of 0.1, a CVSS v4.0 vector lies below the highest-severity vector of its macrovector,
/// summed per equivalence set (specification section 8.3 and the reference calculator).
/// </summary>
internal readonly record struct Cvss4SeverityDistance(double Eq1, double Eq2, double Eq3Eq6, double Eq4)
{
    private const int Count = 14;

    /// <summary>
    /// Tries the macrovector's highest-severity vectors in the reference calculator's order and measures from the
    /// first one that the vector does not exceed in any metric (if none qualifies, from the last one tried, as the
    /// reference does).
    /// </summary>
    public static Cvss4SeverityDistance FromHighestSeverityVector(ReadOnlySpan<char> m, Cvss4MacroVector macro)
    {
        Span<double> d = stackalloc double[Count];
        foreach (var eq1 in Cvss4Tables.Eq1Maxes[macro.Eq1])
        {
            foreach (var eq2 in Cvss4Tables.Eq2Maxes[macro.Eq2])
            {
                foreach (var eq3Eq6 in Cvss4Tables.Eq3Eq6Maxes[macro.Eq3][macro.Eq6])
                {
                    foreach (var eq4 in Cvss4Tables.Eq4Maxes[macro.Eq4])
                    {
                        Measure(m, eq1, eq2, eq3Eq6, eq4, d);
                        if (AllAtLeastZero(d))
                        {
                            return Sum(d);
                        }
                    }
                }
            }
        }
        return Sum(d);
    }

    // d: AV PR UI | AC AT | VC VI VA CR IR AR | SC SI SA, each the vector's level minus the highest vector's level.
    private static void Measure(ReadOnlySpan<char> m, string eq1, string eq2, string eq3Eq6, string eq4, Span<double> d)
    {
        d[0] = AttackVector(m[0]) - AttackVector(eq1[0]);
        d[1] = PrivilegesRequired(m[3]) - PrivilegesRequired(eq1[1]);
        d[2] = UserInteraction(m[4]) - UserInteraction(eq1[2]);
        d[3] = LowHigh(m[1]) - LowHigh(eq2[0]);
        d[4] = AttackRequirements(m[2]) - AttackRequirements(eq2[1]);
        d[5] = VulnerableImpact(m[5]) - VulnerableImpact(eq3Eq6[0]);
        d[6] = VulnerableImpact(m[6]) - VulnerableImpact(eq3Eq6[1]);
        d[7] = VulnerableImpact(m[7]) - VulnerableImpact(eq3Eq6[2]);
        d[8] = Requirement(m[12]) - Requirement(eq3Eq6[3]);
        d[9] = Requirement(m[13]) - Requirement(eq3Eq6[4]);
        d[10] = Requirement(m[14]) - Requirement(eq3Eq6[5]);
        d[11] = SubsequentImpact(m[8]) - SubsequentImpact(eq4[0]);
        d[12] = SubsequentImpact(m[9]) - SubsequentImpact(eq4[1]);
        d[13] = SubsequentImpact(m[10]) - SubsequentImpact(eq4[2]);
    }

    private static bool AllAtLeastZero(ReadOnlySpan<double> d)
    {
        foreach (var distance in d)
        {
            if (distance < 0)
            {
                return false;
            }
        }
        return true;
    }

    // Summed in the reference calculator's order so floating-point results match it exactly.
    private static Cvss4SeverityDistance Sum(ReadOnlySpan<double> d) =>
        new(d[0] + d[1] + d[2], d[3] + d[4], d[5] + d[6] + d[7] + d[8] + d[9] + d[10], d[11] + d[12] + d[13]);

    // Levels in steps of 0.1 from the most severe value, as the specification's severity ordering defines them.
    private static double AttackVector(char value) => value switch { 'N' => 0.0, 'A' => 0.1, 'L' => 0.2, _ => 0.3 };

    private static double PrivilegesRequired(char value) => value switch { 'N' => 0.0, 'L' => 0.1, _ => 0.2 };

    private static double UserInteraction(char value) => value switch { 'N' => 0.0, 'P' => 0.1, _ => 0.2 };

    private static double LowHigh(char value) => value == 'L' ? 0.0 : 0.1;

    private static double AttackRequirements(char value) => value == 'N' ? 0.0 : 0.1;

    private static double VulnerableImpact(char value) => value switch { 'H' => 0.0, 'L' => 0.1, _ => 0.2 };

    // Safety (S) exists only for SI and SA; SC's scale starts at H = 0.1 like theirs.
    private static double SubsequentImpact(char value) => value switch { 'S' => 0.0, 'H' => 0.1, 'L' => 0.2, _ => 0.3 };

    private static double Requirement(char value) => value switch { 'H' => 0.0, 'M' => 0.1, _ => 0.2 };
}
