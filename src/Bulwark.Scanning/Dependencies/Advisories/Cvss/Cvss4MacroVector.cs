namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>
/// A CVSS v4.0 macrovector: the levels of the six equivalence sets (specification section 8.2). Level 0 is the most
/// severe. Levels one past the last exist only as "next lower" neighbours and have no score.
/// </summary>
internal readonly record struct Cvss4MacroVector(int Eq1, int Eq2, int Eq3, int Eq4, int Eq5, int Eq6)
{
    // Slots for every combination of levels (3·2·3·3·3·2), NaN where the table has no entry.
    private static readonly double[] Scores = BuildScores();

    /// <summary>Classifies effective metric values (slots as in <see cref="Cvss4Scorer"/>: AV AC AT PR UI VC VI VA SC SI SA E CR IR AR).</summary>
    public static Cvss4MacroVector From(ReadOnlySpan<char> m)
    {
        char av = m[0], ac = m[1], at = m[2], pr = m[3], ui = m[4];
        char vc = m[5], vi = m[6], va = m[7], sc = m[8], si = m[9], sa = m[10];
        char e = m[11], cr = m[12], ir = m[13], ar = m[14];

        var eq1 = (av == 'N' && pr == 'N' && ui == 'N') ? 0
            : (av == 'N' || pr == 'N' || ui == 'N') && av != 'P' ? 1
            : 2;
        var eq2 = ac == 'L' && at == 'N' ? 0 : 1;
        var eq3 = (vc == 'H' && vi == 'H') ? 0 : (vc == 'H' || vi == 'H' || va == 'H') ? 1 : 2;
        // Only MSI/MSA can carry Safety (S), and they have already replaced SI/SA here.
        var eq4 = (si == 'S' || sa == 'S') ? 0 : (sc == 'H' || si == 'H' || sa == 'H') ? 1 : 2;
        var eq5 = e switch { 'A' => 0, 'P' => 1, _ => 2 };
        var eq6 = (cr == 'H' && vc == 'H') || (ir == 'H' && vi == 'H') || (ar == 'H' && va == 'H') ? 0 : 1;
        return new(eq1, eq2, eq3, eq4, eq5, eq6);
    }

    /// <summary>The table score of a macrovector, or NaN when it does not exist.</summary>
    public static double Score(Cvss4MacroVector macro) =>
        macro.Eq1 is >= 0 and <= 2 && macro.Eq2 is >= 0 and <= 1 && macro.Eq3 is >= 0 and <= 2
        && macro.Eq4 is >= 0 and <= 2 && macro.Eq5 is >= 0 and <= 2 && macro.Eq6 is >= 0 and <= 1
            ? Scores[Index(macro.Eq1, macro.Eq2, macro.Eq3, macro.Eq4, macro.Eq5, macro.Eq6)]
            : double.NaN;

    private static int Index(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) =>
        (((((((((eq1 * 2) + eq2) * 3) + eq3) * 3) + eq4) * 3) + eq5) * 2) + eq6;

    private static double[] BuildScores()
    {
        var scores = new double[3 * 2 * 3 * 3 * 3 * 2];
        Array.Fill(scores, double.NaN);
        foreach (var (key, score) in Cvss4Tables.MacroVectorScores)
        {
            scores[Index(key[0] - '0', key[1] - '0', key[2] - '0', key[3] - '0', key[4] - '0', key[5] - '0')] = score;
        }
        return scores;
    }
}
