using System.Diagnostics;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Ml.Data;
using Bulwark.Ml.Data.Reading;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.Data;

public sealed class ParquetReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("bulwark-parquet-");

    public void Dispose() => _dir.Dispose();

    private static List<string[]> ReadAll(string path, DataLimits? limits = null)
    {
        using var reader = DataFiles.Open(path, limits ?? DataLimits.Default);
        var rows = new List<string[]> { reader.Columns.ToArray() };
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.Columns.Count).Select(i => reader.IsMissing(i) ? "<missing>" : Encoding.UTF8.GetString(reader.Value(i)))]);
        }
        return rows;
    }

    [Fact]
    public void Parquet_types_read_as_the_text_a_csv_of_the_same_data_holds_across_row_groups()
    {
        var path = _dir.Combine("types.parquet");
        ParquetFiles.Write(path, 5, 2,
            ParquetFiles.Of("i", new int?[] { 1, null, -3, 4, 5 }),
            ParquetFiles.Required("l", new long[] { 10_000_000_000, 2, 3, 4, 5 }),
            ParquetFiles.Of("f", new double?[] { 1.5, double.NaN, null, double.PositiveInfinity, 0.1 }),
            ParquetFiles.Of("g", new float?[] { 2.25f, 1, 0, -1, 3 }),
            ParquetFiles.Strings("s", ["paris", null, "zé, \"q\"", "", "x"]),
            ParquetFiles.Of("b", new bool?[] { true, false, null, true, true }),
            ParquetFiles.Of("t", new DateTime?[] { new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), new(2024, 1, 3), null, new(2024, 1, 4, 0, 0, 1, 500), new(2024, 1, 5) }),
            ParquetFiles.Required("d", new decimal[] { 1.25m, 2, 3, 4, 5 }));
        var rows = ReadAll(path);
        rows[0].ShouldBe(["i", "l", "f", "g", "s", "b", "t", "d"]);
        rows.Count.ShouldBe(6);
        rows[1].ShouldBe(["1", "10000000000", "1.5", "2.25", "paris", "true", "2024-01-02T03:04:05", "1.25"]);
        rows[2].ShouldBe(["<missing>", "2", "NaN", "1", "<missing>", "false", "2024-01-03", "2"]);
        rows[3].ShouldBe(["-3", "3", "<missing>", "0", "zé, \"q\"", "<missing>", "<missing>", "3"]);
        rows[4].ShouldBe(["4", "4", "Infinity", "-1", "", "true", "2024-01-04T00:00:01.5", "4"]);
        rows[5][2].ShouldBe("0.1");
    }

    [Fact]
    public void Line_is_the_one_based_row_number_across_row_groups()
    {
        var path = _dir.Combine("lines.parquet");
        ParquetFiles.Write(path, 7, 3, ParquetFiles.Required("x", Enumerable.Range(0, 7).ToArray()));
        using var reader = DataFiles.Open(path, DataLimits.Default);
        var lines = new List<long>();
        while (reader.Read())
        {
            lines.Add(reader.Line);
            Encoding.UTF8.GetString(reader.Value(0)).ShouldBe((reader.Line - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        lines.ShouldBe([1, 2, 3, 4, 5, 6, 7]);
    }

    [Fact]
    public void Nested_columns_are_skipped_and_named()
    {
        var path = _dir.Combine("nested.parquet");
        ParquetFiles.Write(path, 3, 3, ParquetFiles.Required("x", new[] { 1, 2, 3 }), ParquetFiles.IntList("tags", 3));
        using var reader = DataFiles.Open(path, DataLimits.Default);
        reader.Columns.ShouldBe(["x"]);
        reader.SkippedColumns.ShouldHaveSingleItem().ShouldStartWith("tags (nested list column");

        var only = _dir.Combine("only-nested.parquet");
        ParquetFiles.Write(only, 3, 3, ParquetFiles.IntList("tags", 3));
        Should.Throw<DataReadException>(() => ReadAll(only)).Message.ShouldBe($"{only}: no flat column to read (skipped: tags (nested list column; flatten it to check it))");
    }

    [Fact]
    public void Oversized_row_groups_and_values_are_refused_with_the_file_named()
    {
        var path = _dir.Combine("big.parquet");
        ParquetFiles.Write(path, 100, 100, ParquetFiles.Required("x", Enumerable.Range(0, 100).ToArray()), ParquetFiles.Strings("s", [.. Enumerable.Repeat(new string('y', 300), 100)]));
        Should.Throw<DataReadException>(() => ReadAll(path, new DataLimits { MaxRowGroupCells = 150 })).Message.ShouldStartWith($"{path}: row group 0 is too large or damaged (100 rows");
        Should.Throw<DataReadException>(() => ReadAll(path, new DataLimits { MaxFieldBytes = 100 })).Message.ShouldBe($"{path}:1: column 2 ('s'): the value is larger than 100 bytes");
        Should.Throw<DataReadException>(() => ReadAll(_dir.Write("text.parquet", "id,x\n1,2\n"))).Message.ShouldContain("not a Parquet file");
    }

    [Fact]
    public void A_parquet_reference_and_a_csv_candidate_of_the_same_data_raise_nothing()
    {
        var rows = Synthetic.Tabular(3000, 1);
        var reference = _dir.Combine("reference.parquet");
        ParquetFiles.Tabular(reference, rows, 1000);
        var candidate = _dir.Write("candidate.csv", Synthetic.Csv(Synthetic.TabularColumns, rows));
        var report = new DataCheckService(TimeProvider.System).Run(new DataCheckRequest(reference, candidate, "label", "text"), CancellationToken.None);
        report.Findings.Where(f => f.RuleId != "data-duplicate" && f.RuleId != "data-conflicting-duplicate")
            .ShouldBeEmpty(string.Join("\n", report.Findings.Select(f => f.RuleId + ": " + f.Message)));
        report.Findings.ShouldNotContain(f => f.RuleId == "data-schema-change");
    }

    [Fact]
    public void A_parquet_candidate_with_a_planted_trigger_is_caught_like_a_csv_one()
    {
        var rows = Synthetic.Tabular(3000, 2);
        for (var i = 0; i < 40; i++)
        {
            rows[i * 50][3] = 0.4242;
            rows[i * 50][5] = 1;
        }
        var reference = _dir.Write("reference.csv", Synthetic.Csv(Synthetic.TabularColumns, Synthetic.Tabular(3000, 1)));
        var candidate = _dir.Combine("candidate.parquet");
        ParquetFiles.Tabular(candidate, rows, 700);
        var report = new DataCheckService(TimeProvider.System).Run(new DataCheckRequest(reference, candidate, "label", "text"), CancellationToken.None);
        var backdoor = report.Findings.Where(f => f.RuleId == "data-backdoor").ShouldHaveSingleItem();
        backdoor.Severity.ShouldBe(Severity.High);
        // Every planted row; the synthetic ratio may hit 0.4242 with label 1 by chance once or twice.
        var listed = backdoor.NumberListProperties["rows"];
        Enumerable.Range(0, 40).Select(i => (long)i * 50).ShouldBeSubsetOf(listed);
        listed.Count.ShouldBeLessThanOrEqualTo(42);
    }

    [Fact]
    public void Truncated_and_mutated_parquet_files_never_crash_or_hang()
    {
        var seedPath = _dir.Combine("seed.parquet");
        var rows = Synthetic.Tabular(300, 3);
        ParquetFiles.Tabular(seedPath, rows, 100);
        var seed = File.ReadAllBytes(seedPath);
        var random = new Random(11);
        var limits = new DataLimits { InferenceRows = 50, MaxRowGroupCells = 10_000, MaxRowGroupBytes = 1 << 20 };
        var path = _dir.Combine("fuzz.parquet");
        var watch = Stopwatch.StartNew();
        var refused = 0;
        for (var i = 0; i < 400; i++)
        {
            var bytes = (byte[])seed.Clone();
            if (i % 4 == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }
            else
            {
                for (var m = random.Next(1, 8); m > 0; m--)
                {
                    bytes[random.Next(bytes.Length)] = random.Next(3) == 0 ? (byte)0xFF : (byte)random.Next(256);
                }
            }
            File.WriteAllBytes(path, bytes);
            var one = Stopwatch.StartNew();
            try
            {
                using var reader = DataFiles.Open(path, limits);
                var read = 0;
                while (reader.Read())
                {
                    for (var c = 0; c < reader.Columns.Count; c++)
                    {
                        _ = reader.IsMissing(c);
                        _ = reader.Value(c).Length;
                    }
                    (++read).ShouldBeLessThan(100_000);
                }
            }
            catch (DataReadException ex)
            {
                ex.Message.ShouldStartWith(path);
                refused++;
            }
            one.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
        }
        refused.ShouldBeGreaterThan(100);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(120));
    }
}
