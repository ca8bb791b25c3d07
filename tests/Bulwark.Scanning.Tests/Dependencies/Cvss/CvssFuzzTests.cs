using Bulwark.Scanning.Dependencies.Advisories.Cvss;
using CsCheck;

namespace Bulwark.Scanning.Tests.Dependencies.Cvss;

/// <summary>Random and mutated vectors: never an exception, and any accepted vector has a score in range.</summary>
public sealed class CvssFuzzTests
{
    private static readonly string[] Types = ["CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu", ""];

    private static readonly string[] Samples =
    [
        "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:U/RL:OF/RC:C/CDP:LM/TD:H/CR:M/IR:L/AR:ND",
        "CVSS:3.0/AV:A/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:H/E:P/RL:T/RC:R",
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:H/IR:M/AR:L/MAV:L/MAC:H/MPR:L/MUI:R/MS:C/MC:L/MI:N/MA:H",
        "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:A/VC:H/VI:L/VA:N/SC:L/SI:H/SA:N/E:P/CR:M/IR:H/AR:L/MAV:A/MAC:H/MAT:N/MPR:H/MUI:P/MVC:L/MVI:N/MVA:H/MSC:N/MSI:S/MSA:L/S:P/AU:Y/R:U/V:C/RE:M/U:Amber",
    ];

    // Characters that vectors are made of, so random strings often get far into the parser, plus a few others.
    private const string Alphabet = "CVSS:0123456789./ANLPHRUSXMEIBTDFOYQWGKZclmx \t\u00e9\u0000";

    [Fact]
    public void Random_strings_never_throw()
    {
        var vector = Gen.Char[Alphabet].Array[0, 120].Select(chars => new string(chars));
        var prefixed = Gen.OneOf("", "CVSS:3.1/", "CVSS:3.0/", "CVSS:4.0/").SelectMany(p => vector.Select(v => p + v));
        Gen.Select(Gen.OneOf(Types), prefixed).Sample((type, text) => CheckNeverThrows(type, text), iter: 20_000);
    }

    [Fact]
    public void Mutated_valid_vectors_never_throw()
    {
        var random = new Random(17);
        for (var round = 0; round < 20_000; round++)
        {
            var sample = Samples[random.Next(Samples.Length)];
            CheckNeverThrows(Types[random.Next(3)], Mutate(random, sample));
        }
    }

    [Fact]
    public void Every_sample_is_valid_so_mutations_start_from_a_real_vector()
    {
        string[] types = ["CVSS_V2", "CVSS_V3", "CVSS_V3", "CVSS_V4"];
        for (var i = 0; i < Samples.Length; i++)
        {
            CvssCalculator.TryScore(types[i], Samples[i], out _, out var error).ShouldBeTrue(error);
        }
    }

    private static string Mutate(Random random, string sample)
    {
        var chars = new List<char>(sample);
        for (var edits = random.Next(1, 5); edits > 0 && chars.Count > 0; edits--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                case 1: chars.RemoveAt(at); break;
                case 2: chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                default: chars.InsertRange(at, sample.AsSpan(random.Next(sample.Length)).ToArray()); break;
            }
        }
        return new string([.. chars]);
    }

    private static void CheckNeverThrows(string type, string vector)
    {
        if (CvssCalculator.TryScore(type, vector, out var score, out var error))
        {
            score.BaseScore.ShouldBeInRange(0.0, 10.0);
            error.ShouldBeNull();
        }
        else
        {
            error.ShouldNotBeNullOrWhiteSpace();
        }
    }
}
