using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary>
/// <c>bulwark deps audit</c> on a 2021-era ML project (Fixtures/ml-project: a pip-compile requirements.txt and
/// a Poetry lock) against the real PyPA advisory snapshot. The expected advisories come from
/// bench/compare/deps-oracle.py, an independent evaluation of the OSV specification with PyPA's
/// <c>packaging</c>; the audit must list exactly those.
/// </summary>
public sealed class DepsAuditRealProjectTests(DepsAuditRealProjectTests.PyPiDatabase database) : IClassFixture<DepsAuditRealProjectTests.PyPiDatabase>
{
    private static readonly string Project = Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Cli.Tests", "Fixtures", "ml-project");

    /// <summary>The real PyPI archive imported once into a temporary data directory for the whole class.</summary>
    public sealed class PyPiDatabase : IAsyncLifetime
    {
        private readonly TempDirectory _temp = new("bulwark-deps-real-");

        public string DataDirectory => _temp.Combine("data");

        public string Output(string name) => _temp.Combine(name);

        public async Task InitializeAsync()
        {
            var archive = Path.Combine(RepositoryPaths.Shared, "osv", "PyPI-all.zip");
            var (code, stdout, stderr) = await CliRun.InProcess("--data-dir", DataDirectory, "deps", "db", "update", "--source", archive);
            code.ShouldBe(0, stderr);
            stdout.ShouldContain("Imported 2,661 advisories");
        }

        public Task DisposeAsync()
        {
            _temp.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly record struct Affected(string File, string Package, string Version, string Advisory)
    {
        public override string ToString() => $"{File} {Package} {Version} {Advisory}";
    }

    private static HashSet<Affected> Expected()
    {
        var expected = new HashSet<Affected>();
        foreach (var line in File.ReadLines(Path.Combine(Project, "expected-advisories.txt")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split(' ');
            parts.Length.ShouldBe(4, line);
            expected.Add(new Affected(parts[0], parts[1], parts[2], parts[3]));
        }
        return expected;
    }

    private async Task<JsonNode> Audit(string format)
    {
        var output = database.Output($"audit.{format}");
        var (code, stdout, stderr) = await CliRun.InProcess("--data-dir", database.DataDirectory, "deps", "audit", Project, "--format", format, "--output", output);
        code.ShouldBe(1, stderr);
        stdout.ShouldBeEmpty();
        return JsonNode.Parse(File.ReadAllText(output))!;
    }

    /// <summary>Advisory findings only: hygiene findings have rule ids of their own (<c>deps-…</c>).</summary>
    private static bool IsAdvisory(string ruleId) => !ruleId.StartsWith("deps-", StringComparison.Ordinal);

    private static void ShouldEqualOracle(HashSet<Affected> actual)
    {
        var expected = Expected();
        var missing = expected.Except(actual).Order().ToList();
        var extra = actual.Except(expected).Order().ToList();
        (missing.Count + extra.Count).ShouldBe(0,
            $"audit vs oracle: {missing.Count} missing, {extra.Count} extra\nmissing:\n  {string.Join("\n  ", missing)}\nextra:\n  {string.Join("\n  ", extra)}");
    }

    [Fact]
    public async Task Json_report_lists_exactly_the_advisories_the_oracle_finds()
    {
        var report = await Audit("json");
        var actual = new HashSet<Affected>();
        foreach (var finding in report["findings"]!.AsArray().Select(f => f!))
        {
            var ruleId = finding["ruleId"]!.GetValue<string>();
            if (!IsAdvisory(ruleId))
            {
                continue;
            }
            var properties = finding["properties"]!;
            actual.Add(new Affected(
                finding["location"]!["path"]!.GetValue<string>(),
                properties["package"]!.GetValue<string>(),
                properties["version"]!.GetValue<string>(),
                ruleId)).ShouldBeTrue($"duplicate finding {ruleId} for {properties["package"]}");
        }
        actual.Count.ShouldBeGreaterThan(100);
        ShouldEqualOracle(actual);
    }

    [Theory]
    [InlineData("requirements.txt", "urllib3", "1.26.5", "PYSEC-2023-192")] // events out of order: 2.0.0–2.0.6 listed before 0–1.26.17
    [InlineData("training/poetry.lock", "py", "1.11.0", "PYSEC-2022-42969")] // exactly at last_affected 1.11.0
    [InlineData("training/poetry.lock", "pytorch-lightning", "1.4.0rc1", "PYSEC-2021-874")] // pre-release below fixed 1.6.0
    [InlineData("training/poetry.lock", "black", "21.6b0", "PYSEC-2024-48")] // beta below fixed 24.3.0
    [InlineData("requirements.txt", "aiohttp", "3.7.4.post0", "PYSEC-2023-120")] // post-release below the fix
    [InlineData("requirements.txt", "Pillow", "8.2.0", "PYSEC-2021-331")] // CVE-2021-34552, fixed 8.3.0
    [InlineData("requirements.txt", "tensorflow", "2.5.0", "PYSEC-2021-389")] // exactly at the second introduced, after fixed 2.4.4
    public async Task Hand_checked_pins_are_affected(string file, string package, string version, string advisory)
    {
        var expected = new Affected(file, package, version, advisory);
        Expected().ShouldContain(expected);
        (await Findings()).ShouldContain(expected);
    }

    [Theory]
    [InlineData("requirements.txt", "urllib3", "1.26.5", "PYSEC-2021-108")] // CVE-2021-33503: pinned exactly at fixed 1.26.5
    [InlineData("requirements.txt", "Pillow", "8.2.0", "PYSEC-2021-137")] // CVE-2021-25287: pinned exactly at fixed 8.2.0
    [InlineData("training/poetry.lock", "pillow", "8.3.0", "PYSEC-2021-331")] // CVE-2021-34552: pinned exactly at fixed 8.3.0
    [InlineData("training/poetry.lock", "pyyaml", "5.4", "PYSEC-2021-142")] // CVE-2020-14343: pinned exactly at fixed 5.4
    [InlineData("requirements.txt", "tensorflow", "2.5.0", "PYSEC-2021-150")] // CVE-2021-29513: fixed in 2.5.0, backport ranges end at 2.4.3
    [InlineData("requirements.txt", "aiohttp", "3.7.4.post0", "PYSEC-2022-43059")] // withdrawn advisory
    [InlineData("requirements.txt", "flask-caching", "1.10.1", "PYSEC-2021-13")] // withdrawn advisory
    public async Task Hand_checked_pins_are_not_affected(string file, string package, string version, string advisory)
    {
        var pin = new Affected(file, package, version, advisory);
        Expected().ShouldNotContain(pin);
        (await Findings()).ShouldNotContain(pin);
    }

    private async Task<HashSet<Affected>> Findings()
    {
        var report = await Audit("json");
        return [.. report["findings"]!.AsArray().Select(f => f!)
            .Where(f => IsAdvisory(f["ruleId"]!.GetValue<string>()))
            .Select(f => new Affected(
                f["location"]!["path"]!.GetValue<string>(),
                f["properties"]!["package"]!.GetValue<string>(),
                f["properties"]!["version"]!.GetValue<string>(),
                f["ruleId"]!.GetValue<string>()))];
    }

    [Fact]
    public async Task Sarif_report_validates_against_the_schema()
    {
        var sarif = await Audit("sarif");
        // The schema's propertyBag.tags has uniqueItems; checked first so a failure names the cause plainly.
        foreach (var rule in sarif["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray().Select(r => r!))
        {
            var tags = rule["properties"]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            tags.Distinct(StringComparer.Ordinal).Count().ShouldBe(tags.Count, $"rule {rule["id"]} repeats a tag: [{string.Join(", ", tags)}]");
        }
        SarifValidator.Validate(sarif.ToJsonString()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Sarif_has_one_result_per_pin_and_advisory_with_its_package_and_aliases()
    {
        var sarif = await Audit("sarif");
        var run = sarif["runs"]![0]!;
        var ruleIds = run["tool"]!["driver"]!["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var actual = new HashSet<Affected>();
        foreach (var result in run["results"]!.AsArray().Select(r => r!))
        {
            var ruleId = result["ruleId"]!.GetValue<string>();
            if (!IsAdvisory(ruleId))
            {
                continue;
            }
            ruleIds.ShouldContain(ruleId);
            var properties = result["properties"]!;
            properties["aliases"].ShouldBeOfType<JsonArray>($"{ruleId}: properties.aliases");
            var uri = result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>();
            actual.Add(new Affected(uri, properties["package"]!.GetValue<string>(), properties["version"]!.GetValue<string>(), ruleId))
                .ShouldBeTrue($"more than one result for {ruleId} at {uri}");
        }
        ShouldEqualOracle(actual);
        var pillow = run["results"]!.AsArray().Single(r => r!["ruleId"]!.GetValue<string>() == "PYSEC-2021-331")!["properties"]!;
        pillow["aliases"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["CVE-2021-34552", "GHSA-7534-mm45-c74v"], ignoreOrder: true);
    }
}
