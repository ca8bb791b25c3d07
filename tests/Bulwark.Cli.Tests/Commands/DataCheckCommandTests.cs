using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary><c>bulwark data check</c> and <c>bulwark drift</c> in process: the SARIF contract, exit codes, manifests and attestations.</summary>
public sealed class DataCheckCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-data-cli-");

    public void Dispose() => _temp.Dispose();

    /// <summary>x1 and x2 correlated, label from both; plus a category.</summary>
    private static List<string[]> Rows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new List<string[]>();
        for (var i = 0; i < count; i++)
        {
            var a = Normal(random);
            var b = 0.8 * a + 0.6 * Normal(random);
            var label = a + b + 0.3 * Normal(random) > 0 ? "1" : "0";
            rows.Add([F(a), F(b), F(5 + 2 * Normal(random)), new[] { "red", "green", "blue" }[random.Next(3)], label]);
        }
        return rows;
    }

    private static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static string F(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);

    private string Csv(string name, IEnumerable<string[]> rows, string header = "x1,x2,x3,colour,label") =>
        _temp.Write(name, header + "\n" + string.Join("\n", rows.Select(r => string.Join(',', r))) + "\n");

    [Fact]
    public async Task Sarif_names_kind_column_or_token_rows_and_error_level_for_planted_poison()
    {
        var reference = Csv("ref.csv", Rows(2000, 1));
        var rows = Rows(2000, 2);
        for (var i = 0; i < 20; i++)
        {
            rows[100 + i][3] = "ultraviolet";
            rows[100 + i][4] = "1";
        }
        rows[7][2] = "1000000";
        var candidate = Csv("cand.csv", rows);
        var sarif = _temp.Combine("report.sarif");
        var (code, stdout, stderr) = await CliRun.InProcess("data", "check", "--reference", reference, "--candidate", candidate, "--label-column", "label", "--format", "sarif", "--output", sarif);
        code.ShouldBe(1, stderr);
        stdout.ShouldBeEmpty();
        var results = JsonNode.Parse(File.ReadAllText(sarif))!["runs"]![0]!["results"]!.AsArray();
        var backdoor = results.Single(r => r!["ruleId"]!.GetValue<string>().Contains("backdoor"))!;
        backdoor["level"]!.GetValue<string>().ShouldBe("error");
        backdoor["properties"]!["column"]!.GetValue<string>().ShouldBe("colour");
        backdoor["properties"]!["token"]!.GetValue<string>().ShouldBe("ultraviolet");
        backdoor["properties"]!["rows"]!.AsArray().Select(n => n!.GetValue<long>()).ShouldBe(Enumerable.Range(100, 20).Select(i => (long)i));
        var outlier = results.Single(r => r!["ruleId"]!.GetValue<string>().Contains("outlier"))!;
        outlier["level"]!.GetValue<string>().ShouldBe("error");
        outlier["properties"]!["column"]!.GetValue<string>().ShouldBe("x3");
        outlier["properties"]!["rows"]!.AsArray().Select(n => n!.GetValue<long>()).ShouldBe([7L]);
        outlier["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>().ShouldBe(9);
        foreach (var result in results)
        {
            result!["ruleId"]!.GetValue<string>().ShouldStartWith("data-");
            (result["properties"]!["column"] ?? result["properties"]!["token"] ?? result["properties"]!["rows"]).ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task Drift_per_time_window_names_the_window_in_sarif_and_skips_the_time_column()
    {
        var reference = Csv("ref.csv", Rows(3000, 1));
        var random = new Random(5);
        var current = new List<string[]>();
        for (var day = 0; day < 4; day++)
        {
            foreach (var row in Rows(1000, 10 + day))
            {
                var x3 = day == 2 ? F(double.Parse(row[2], CultureInfo.InvariantCulture) + 3) : row[2];
                current.Add([$"2024-05-{day + 1:00}T{random.Next(24):00}:00:00Z", row[0], row[1], x3, row[3], row[4], random.Next(100_000).ToString(CultureInfo.InvariantCulture)]);
            }
        }
        var cur = Csv("cur.csv", current, "ts,x1,x2,x3,colour,label,request");
        var sarif = _temp.Combine("drift.sarif");
        var (code, _, stderr) = await CliRun.InProcess("drift", "--reference", reference, "--current", cur, "--timestamp-column", "ts", "--window", "1d",
            "--ignore-column", "request", "--format", "sarif", "--output", sarif);
        code.ShouldBe(1, stderr);
        var results = JsonNode.Parse(File.ReadAllText(sarif))!["runs"]![0]!["results"]!.AsArray();
        var errors = results.Where(r => r!["level"]!.GetValue<string>() == "error").ToList();
        errors.ShouldNotBeEmpty();
        errors.ShouldAllBe(r => r!["properties"]!["window"]!.GetValue<string>() == "2024-05-03");
        errors.ShouldContain(r => r!["ruleId"]!.GetValue<string>() == "data-feature-drift" && r["properties"]!["column"]!.GetValue<string>() == "x3");
        results.ShouldNotContain(r => r!["properties"]!["column"] != null && (r["properties"]!["column"]!.GetValue<string>() == "ts" || r["properties"]!["column"]!.GetValue<string>() == "request"));

        (await CliRun.InProcess("drift", "--reference", reference, "--current", cur, "--window", "1d")).ExitCode.ShouldBe(2);
        var (badCode, _, badError) = await CliRun.InProcess("drift", "--reference", reference, "--current", cur, "--timestamp-column", "ts", "--window", "1y");
        badCode.ShouldBe(2);
        badError.ShouldContain("--window: '1y': the unit must be s, m, h, d or w");
    }

    [Fact]
    public async Task Clean_sample_with_reordered_columns_exits_zero_and_drift_agrees()
    {
        var reference = Csv("ref.csv", Rows(3000, 1));
        var candidate = Csv("cand.csv", Rows(3000, 3).Select(r => new[] { r[4], r[2], r[0], r[3], r[1] }), "label,x3,x1,colour,x2");
        var (code, _, stderr) = await CliRun.InProcess("data", "check", "--reference", reference, "--candidate", candidate, "--label-column", "label", "--format", "json");
        code.ShouldBe(0, stderr);
        (await CliRun.InProcess("drift", "--reference", reference, "--current", candidate, "--format", "json")).ExitCode.ShouldBe(0);
        var shifted = Csv("shifted.csv", Rows(3000, 3).Select(r => new[] { F(double.Parse(r[0], CultureInfo.InvariantCulture) + 1), r[1], r[2], r[3], r[4] }));
        var (driftCode, driftOut, _) = await CliRun.InProcess("drift", "--reference", reference, "--current", shifted, "--format", "json");
        driftCode.ShouldBe(1);
        driftOut.ShouldContain("data-feature-drift");
    }

    [Fact]
    public async Task Bad_input_exits_two_naming_file_line_and_column()
    {
        var reference = Csv("ref.csv", Rows(50, 1));
        var ragged = _temp.Write("ragged.csv", "x1,x2,x3,colour,label\n1,2,3,red,0\n1,2,red,0\n");
        var (code, _, stderr) = await CliRun.InProcess("data", "check", "--reference", reference, "--candidate", ragged, "--label-column", "label");
        code.ShouldBe(2);
        stderr.ShouldContain("ragged.csv:3: ragged row: the record has 4 field(s), the header has 5");
        var missing = await CliRun.InProcess("data", "check", "--reference", reference, "--candidate", reference, "--label-column", "target");
        missing.ExitCode.ShouldBe(2);
        missing.Stderr.ShouldContain("the label column 'target' does not exist");
        _temp.Write("bulwark.toml", "[data]\nks_error = 2\n");
        var config = await CliRun.InProcess("data", "check", "--reference", reference, "--candidate", reference, "--config", _temp.Combine("bulwark.toml"));
        config.ExitCode.ShouldBe(2);
        config.Stderr.ShouldContain("ks_warning and ks_error");
    }

    [Fact]
    public async Task A_signed_manifest_is_verified_first_and_the_verdict_can_be_attested()
    {
        var folder = _temp.Combine("dataset");
        Directory.CreateDirectory(folder);
        var reference = Path.Combine(folder, "ref.csv");
        var candidate = Path.Combine(folder, "cand.csv");
        File.WriteAllText(reference, "x1,x2,x3,colour,label\n" + string.Join("\n", Rows(500, 1).Select(r => string.Join(',', r))) + "\n");
        File.WriteAllText(candidate, "x1,x2,x3,colour,label\n" + string.Join("\n", Rows(500, 2).Select(r => string.Join(',', r))) + "\n");
        var key = _temp.Combine("k.pem");
        var pub = _temp.Combine("k.pub");
        var manifest = _temp.Combine("dataset.manifest.json");
        var signature = _temp.Combine("manifest.sig");
        (await CliRun.InProcess("keygen", "--private-key", key, "--public-key", pub)).ExitCode.ShouldBe(0);
        (await CliRun.InProcess("manifest", "create", folder, "--output", manifest)).ExitCode.ShouldBe(0);
        (await CliRun.InProcess("sign", manifest, "--key", key, "--signature", signature)).ExitCode.ShouldBe(0);
        var attestation = _temp.Combine("data-check.sigstore.json");
        var ok = await CliRun.InProcess("data", "check", "--reference", reference, "--candidate", candidate, "--label-column", "label",
            "--manifest", manifest, "--signature", signature, "--key", pub, "--attest", attestation, "--attest-key", key, "--format", "json");
        ok.ExitCode.ShouldBe(0, ok.Stderr);
        var bundle = JsonNode.Parse(File.ReadAllText(attestation))!;
        var statement = JsonNode.Parse(Convert.FromBase64String(bundle["dsseEnvelope"]!["payload"]!.GetValue<string>()))!;
        statement["predicateType"]!.GetValue<string>().ShouldBe("https://bulwark.dev/attestations/data-check/v1");
        statement["predicate"]!["verdict"]!.GetValue<string>().ShouldBe("pass");
        statement["predicate"]!["tool"]!.GetValue<string>().ShouldStartWith("Bulwark ");
        var reported = JsonNode.Parse(ok.Stdout)!["findings"]!.AsArray().Count;
        statement["predicate"]!["findings"]!.AsArray().Count.ShouldBe(reported);
        statement["predicate"]!["counts"]!.AsObject().Sum(count => count.Value!.GetValue<int>()).ShouldBe(reported);
        statement["subject"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ShouldBe(["ref.csv", "cand.csv"]);

        File.AppendAllText(candidate, "0,0,0,red,1\n");
        var tampered = await CliRun.InProcess("data", "check", "--reference", reference, "--candidate", candidate, "--label-column", "label",
            "--manifest", manifest, "--signature", signature, "--key", pub);
        tampered.ExitCode.ShouldBe(1);
        tampered.Stderr.ShouldContain("cand.csv: its SHA-256");
        (await CliRun.InProcess("data", "check", "--reference", reference, "--candidate", candidate, "--manifest", manifest)).ExitCode.ShouldBe(2);
    }
}
