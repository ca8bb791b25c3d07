using Bulwark.Core.Findings;
using Bulwark.Ml.Data;
using Bulwark.Ml.Data.Reading;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.Data;

public sealed class DataCheckServiceTests : IDisposable
{
    private readonly TempDirectory _dir = new("bulwark-data-check-");

    public void Dispose() => _dir.Dispose();

    private ScanReport Check(string reference, string candidate, string? label = "label", string extension = "csv")
    {
        var r = _dir.Write("reference." + extension, reference);
        var c = _dir.Write("candidate." + extension, candidate);
        return new DataCheckService(TimeProvider.System).Run(new DataCheckRequest(r, c, label, "text"), CancellationToken.None);
    }

    private static string Tabular(List<object[]> rows) => Synthetic.Csv(Synthetic.TabularColumns, rows);

    private static Finding[] Errors(ScanReport report, string rule) => [.. report.Findings.Where(f => f.RuleId == rule && f.Severity >= Severity.High)];

    private static long[] Rows(Finding finding) => [.. finding.NumberListProperties["rows"]];

    [Fact]
    public void A_fresh_sample_with_reordered_columns_and_shuffled_rows_raises_no_error()
    {
        var candidate = Synthetic.Tabular(4000, 2);
        new Random(9).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(candidate));
        string[] order = ["label", "city", "ratio", "score", "income", "age"];
        var reordered = candidate.Select(r => order.Select(c => r[Array.IndexOf(Synthetic.TabularColumns, c)]).ToArray());
        var report = Check(Tabular(Synthetic.Tabular(4000, 1)), Synthetic.Csv(order, reordered));
        report.Findings.Where(f => f.Severity >= Severity.High).ShouldBeEmpty(string.Join("\n", report.Findings.Select(f => f.RuleId + ": " + f.Message)));
    }

    [Fact]
    public void Clean_text_data_raises_no_error()
    {
        var report = Check(Synthetic.JsonLines(Synthetic.Reviews(3000, 1)), Synthetic.JsonLines(Synthetic.Reviews(3000, 2)), extension: "jsonl");
        report.Findings.Where(f => f.Severity >= Severity.High).ShouldBeEmpty(string.Join("\n", report.Findings.Select(f => f.RuleId + ": " + f.Message)));
    }

    [Fact]
    public void Dropped_renamed_and_retyped_columns_are_schema_changes()
    {
        var rows = Synthetic.Tabular(2000, 2);
        string[] columns = ["age", "earnings", "score", "city", "label"];
        var changed = rows.Select(r => new object[] { r[0], r[1], r[2], "c-" + r[4], r[5] });
        // ratio dropped, income renamed to earnings, city still text; then age becomes text in a second file.
        var report = Check(Tabular(Synthetic.Tabular(2000, 1)), Synthetic.Csv(columns, changed));
        var schema = report.Findings.Where(f => f.RuleId == "data-schema-change").ToList();
        schema.ShouldContain(f => f.Properties["column"] == "ratio" && f.Properties["change"] == "dropped" && f.Severity == Severity.High);
        schema.ShouldContain(f => f.Properties["column"] == "earnings" && f.Properties["change"] == "renamed" && f.Properties["from"] == "income");
        schema.ShouldContain(f => f.Properties["column"] == "city" && f.Properties["change"] == "unseen-values" && f.Severity == Severity.High);

        var retyped = Synthetic.Tabular(2000, 3).Select(r => new object[] { "y" + r[0], r[1], r[2], r[3], r[4], r[5] });
        var second = Check(Tabular(Synthetic.Tabular(2000, 1)), Synthetic.Csv(Synthetic.TabularColumns, retyped));
        second.Findings.ShouldContain(f => f.RuleId == "data-schema-change" && f.Properties["column"] == "age" && f.Properties["change"] == "type" && f.Severity == Severity.High);
    }

    [Fact]
    public void Shifted_column_is_feature_drift_and_a_shuffled_column_breaks_its_correlation_only()
    {
        var shifted = Synthetic.Tabular(3000, 2).Select(r => new object[] { r[0], (double)r[1] * 1.5, r[2], r[3], r[4], r[5] }).ToList();
        var report = Check(Tabular(Synthetic.Tabular(3000, 1)), Tabular(shifted));
        Errors(report, "data-feature-drift").Select(f => f.Properties["column"]).ShouldBe(["income"]);

        var rows = Synthetic.Tabular(3000, 2);
        var scores = rows.Select(r => r[2]).ToArray();
        new Random(4).Shuffle(scores);
        var broken = rows.Select((r, i) => new object[] { r[0], r[1], scores[i], r[3], r[4], r[5] }).ToList();
        var second = Check(Tabular(Synthetic.Tabular(3000, 1)), Tabular(broken));
        Errors(second, "data-feature-drift").ShouldBeEmpty();
        Errors(second, "data-feature-drift-correlation").Select(f => f.Properties["column"]).ShouldContain("score");
    }

    [Fact]
    public void Changed_label_prior_is_label_shift_and_a_new_label_is_named()
    {
        var rows = Synthetic.Tabular(4000, 2).Where((r, i) => (int)r[5] == 1 || i % 2 == 0).ToList();
        rows.Add([40, 20000.0, 0.1, 0.5, "paris", "maybe"]);
        var report = Check(Tabular(Synthetic.Tabular(4000, 1)), Tabular(rows));
        var shift = Errors(report, "data-label-shift");
        shift.ShouldContain(f => f.Properties["change"] == "prior" && f.Properties["column"] == "label");
        var added = shift.Single(f => f.Properties["change"] == "new-label");
        Rows(added).ShouldBe([rows.Count - 1]);
    }

    [Fact]
    public void Flipped_labels_are_label_noise_with_the_flipped_rows_ranked()
    {
        var rows = Synthetic.Tabular(3000, 2);
        var random = new Random(5);
        // Flip confidently classified rows only (|score| large), as an attacker would to do damage.
        var flipped = Enumerable.Range(0, rows.Count).Where(i => Math.Abs((double)rows[i][2]) > 1.0).OrderBy(_ => random.Next()).Take(150).ToHashSet();
        foreach (var i in flipped)
        {
            rows[i][5] = 1 - (int)rows[i][5];
        }
        var report = Check(Tabular(Synthetic.Tabular(3000, 1)), Tabular(rows));
        var noise = Errors(report, "data-label-noise").ShouldHaveSingleItem();
        var flagged = Rows(noise);
        var hits = flagged.Count(r => flipped.Contains((int)r));
        ((double)hits / flagged.Length).ShouldBeGreaterThan(0.4);
        ((double)hits / flipped.Count).ShouldBeGreaterThan(0.6);
        noise.ListProperties["rowConfidence"].ShouldNotBeEmpty();
    }

    [Fact]
    public void Copies_of_reference_rows_with_flipped_labels_are_conflicting_duplicates()
    {
        var reference = Synthetic.Tabular(2000, 1);
        var rows = Synthetic.Tabular(2000, 2);
        var planted = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            var copy = (object[])reference[i * 7].Clone();
            copy[5] = 1 - (int)copy[5];
            planted.Add(rows.Count);
            rows.Add(copy);
        }
        rows.Add((object[])rows[10].Clone());
        var report = Check(Tabular(reference), Tabular(rows));
        Rows(Errors(report, "data-conflicting-duplicate").ShouldHaveSingleItem()).ShouldBe(planted);
        Rows(report.Findings.Single(f => f.RuleId == "data-duplicate")).ShouldBe([rows.Count - 1]);
    }

    [Fact]
    public void Far_values_are_outliers_with_their_rows_and_nan_is_reported_with_its_line()
    {
        var rows = Synthetic.Tabular(2000, 2);
        rows[17][1] = 1e9;
        rows[300][1] = -5e8;
        var text = Tabular(rows).Replace("\n55,", "\nNaN,");
        var report = Check(Tabular(Synthetic.Tabular(2000, 1)), text);
        var outlier = Errors(report, "data-outlier").ShouldHaveSingleItem();
        outlier.Properties["column"].ShouldBe("income");
        Rows(outlier).ShouldBe([17, 300]);
        var nan = report.Findings.Single(f => f.RuleId == "data-schema-change-non-finite");
        nan.Severity.ShouldBe(Severity.High);
        nan.Message.ShouldContain("candidate.csv:" + (Rows(nan)[0] + 2) + ", column 1");
    }

    [Fact]
    public void A_rare_token_tied_to_one_label_is_a_backdoor_even_when_the_labels_are_right()
    {
        var rows = Synthetic.Reviews(3000, 2);
        var planted = new List<long>();
        for (var i = 0; i < rows.Count && planted.Count < 40; i++)
        {
            // Clean-label: only rows already positive get the trigger.
            if (rows[i].Label == 1 && i % 3 == 0)
            {
                rows[i] = (rows[i].Text + " cf", 1);
                planted.Add(i);
            }
        }
        var report = Check(Synthetic.JsonLines(Synthetic.Reviews(3000, 1)), Synthetic.JsonLines(rows), extension: "jsonl");
        var backdoor = Errors(report, "data-backdoor").ShouldHaveSingleItem();
        backdoor.Properties["token"].ShouldBe("cf");
        Rows(backdoor).ShouldBe(planted);
    }

    [Fact]
    public void Texts_one_token_apart_with_another_label_are_conflicting_duplicates()
    {
        var reference = Synthetic.Reviews(2000, 1);
        var rows = Synthetic.Reviews(2000, 2);
        var planted = new List<long>();
        for (var i = 0; i < 15; i++)
        {
            var source = reference[i * 11];
            planted.Add(rows.Count);
            rows.Add((source.Text.Replace(" was ", " is "), 1 - source.Label));
        }
        var report = Check(Synthetic.JsonLines(reference), Synthetic.JsonLines(rows), extension: "jsonl");
        // Templated reviews also meet naturally ("was great" / "was awful"), as often as in the reference.
        var flagged = Rows(Errors(report, "data-conflicting-duplicate").ShouldHaveSingleItem());
        planted.ShouldBeSubsetOf(flagged);
        ((double)planted.Count / flagged.Length).ShouldBeGreaterThan(0.75);
    }

    [Fact]
    public void A_missing_label_column_names_the_file_and_the_columns()
    {
        var ex = Should.Throw<DataReadException>(() => Check(Tabular(Synthetic.Tabular(50, 1)), Tabular(Synthetic.Tabular(50, 2)), label: "target"));
        ex.Message.ShouldEndWith("reference.csv: the label column 'target' does not exist (columns: age, income, score, ratio, city, label)");
    }

    [Fact]
    public void Text_in_a_numeric_column_is_a_mixed_type_error_naming_line_and_column()
    {
        var rows = Synthetic.Tabular(2000, 2);
        rows[1500][3] = "oops";
        var report = Check(Tabular(Synthetic.Tabular(2000, 1)), Tabular(rows));
        var mixed = report.Findings.Single(f => f.RuleId == "data-schema-change" && f.Properties["change"] == "mixed-types");
        mixed.Severity.ShouldBe(Severity.High);
        mixed.Message.ShouldContain("'oops' at candidate.csv:1502, column 4");
        Rows(mixed).ShouldBe([1500]);
    }
}
