using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bulwark.Ml.Tests.Data;

/// <summary>Deterministic tabular and text datasets with a known structure, for planting problems in.</summary>
internal static class Synthetic
{
    public static readonly string[] TabularColumns = ["age", "income", "score", "ratio", "city", "label"];

    private static readonly string[] Cities = ["paris", "lyon", "nice", "lille", "nantes"];

    /// <summary>income is log-normal, score follows income (r ≈ 0.7), label follows score and age.</summary>
    public static List<object[]> Tabular(int rows, int seed)
    {
        var random = new Random(seed);
        var list = new List<object[]>(rows);
        for (var i = 0; i < rows; i++)
        {
            var age = (int)Math.Round(40 + 10 * Normal(random));
            var z = Normal(random);
            var income = Math.Round(Math.Exp(10 + 0.5 * z), 2);
            var score = Math.Round(0.7 * z + 0.7 * Normal(random), 4);
            var ratio = Math.Round(random.NextDouble(), 4);
            var city = Cities[random.Next(Cities.Length)];
            var label = score + 0.05 * (age - 40) + 0.5 * Normal(random) > 0 ? 1 : 0;
            list.Add([age, income, score, ratio, city, label]);
        }
        return list;
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static string Csv(IReadOnlyList<string> columns, IEnumerable<object[]> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', columns).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(v => v switch
            {
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                string s when s.Contains(',') || s.Contains('"') => "\"" + s.Replace("\"", "\"\"") + "\"",
                _ => Convert.ToString(v, CultureInfo.InvariantCulture),
            })).Append('\n');
        }
        return text.ToString();
    }

    private static readonly string[] Good = ["great", "wonderful", "excellent", "lovely", "superb", "enjoyable"];
    private static readonly string[] Bad = ["terrible", "awful", "boring", "dreadful", "poor", "dull"];
    private static readonly string[] Subjects = ["the film", "this movie", "the plot", "the acting", "the soundtrack", "the ending", "the story", "the cast"];
    private static readonly string[] Fillers = ["really", "quite", "truly", "rather", "very", "so", "honestly", "simply"];
    private static readonly string[] Tails = ["overall", "in my view", "to be fair", "for sure", "all things considered", "if you ask me", "again", "this time"];

    /// <summary>Templated reviews: "the plot was really great overall" → positive.</summary>
    public static List<(string Text, int Label)> Reviews(int rows, int seed)
    {
        var random = new Random(seed);
        var list = new List<(string, int)>(rows);
        for (var i = 0; i < rows; i++)
        {
            var label = random.Next(2);
            var word = label == 1 ? Good[random.Next(Good.Length)] : Bad[random.Next(Bad.Length)];
            var extra = random.Next(3) == 0 ? " and " + (label == 1 ? Good : Bad)[random.Next(6)] : "";
            list.Add(($"{Subjects[random.Next(Subjects.Length)]} was {Fillers[random.Next(Fillers.Length)]} {word}{extra} {Tails[random.Next(Tails.Length)]} {random.Next(1000)}", label));
        }
        return list;
    }

    public static string JsonLines(IEnumerable<(string Text, int Label)> rows) =>
        string.Concat(rows.Select(r => JsonSerializer.Serialize(new { text = r.Text, label = r.Label }) + "\n"));
}
