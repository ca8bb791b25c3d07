using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary><c>bulwark model scan</c> in process: the contract shapes, thresholds, allowlists and real benign models.</summary>
public sealed class ModelScanCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-model-cli-");

    public void Dispose() => _temp.Dispose();

    private static string Fixture(string name) => Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Cli.Tests", "Fixtures", "models", name);

    /// <summary><c>os.system('id')</c> as a protocol-2 pickle: GLOBAL, argument tuple, REDUCE, STOP.</summary>
    private static byte[] OsSystemPickle() =>
        [0x80, 0x02, .. "cos\nsystem\n"u8, 0x58, 2, 0, 0, 0, .. "id"u8, 0x85, 0x52, 0x2E];

    /// <summary>A pickle importing one global and calling it without arguments.</summary>
    private static byte[] CallPickle(string module, string name) =>
        [0x80, 0x02, .. Encoding.ASCII.GetBytes($"c{module}\n{name}\n"), 0x29, 0x52, 0x2E];

    private string Write(string name, byte[] bytes)
    {
        var path = _temp.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string TorchZip(string name, byte[] dataPkl)
    {
        var path = _temp.Combine(name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var entry = zip.CreateEntry("archive/data.pkl", CompressionLevel.NoCompression).Open())
        {
            entry.Write(dataPkl);
        }
        using (var version = new StreamWriter(zip.CreateEntry("archive/version").Open()))
        {
            version.Write("3\n");
        }
        return path;
    }

    [Fact]
    public async Task A_dangerous_pickle_under_any_name_is_an_error_result_at_the_scanned_file()
    {
        var model = Write("weights.safetensors", OsSystemPickle());
        var sarifPath = _temp.Combine("model.sarif");

        var (code, stdout, stderr) = await CliRun.InProcess("model", "scan", model, "--format", "sarif", "--output", sarifPath);

        code.ShouldBe(1, stderr);
        stdout.ShouldBeEmpty();
        var sarif = await File.ReadAllTextAsync(sarifPath);
        SarifValidator.Validate(sarif).ShouldBeEmpty();
        var result = JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray()
            .First(r => r!["level"]!.GetValue<string>() == "error")!;
        result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe("weights.safetensors");
        result["properties"]!["global"]!.GetValue<string>().ShouldBe("os.system");
        result["message"]!["text"]!.GetValue<string>().ShouldContain("os.system");
    }

    [Fact]
    public async Task A_pickle_inside_a_checkpoint_names_the_member()
    {
        var model = TorchZip("model.pt", OsSystemPickle());
        var sarifPath = _temp.Combine("model.sarif");

        var (code, _, stderr) = await CliRun.InProcess("model", "scan", model, "--format", "sarif", "--output", sarifPath);

        code.ShouldBe(1, stderr);
        var sarif = await File.ReadAllTextAsync(sarifPath);
        SarifValidator.Validate(sarif).ShouldBeEmpty();
        var result = JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray()
            .First(r => r!["properties"]!["global"]?.GetValue<string>() == "os.system")!;
        result["level"]!.GetValue<string>().ShouldBe("error");
        result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>().ShouldBe("model.pt");
        result["properties"]!["member"]!.GetValue<string>().ShouldBe("archive/data.pkl");
    }

    [Theory]
    [InlineData("linear.pt")]
    [InlineData("classifier.joblib")]
    [InlineData("weights.npy")]
    public async Task Real_benign_models_have_nothing_above_low(string fixture)
    {
        var (code, stdout, stderr) = await CliRun.InProcess("model", "scan", Fixture(fixture), "--format", "json", "--fail-on", "medium");

        code.ShouldBe(0, stdout + stderr);
    }

    [Fact]
    public async Task Unknown_globals_fail_only_with_strict_and_an_allowlist_trusts_them()
    {
        var model = Write("custom.pkl", CallPickle("mylib.layers", "Block"));

        (await CliRun.InProcess("model", "scan", model)).ExitCode.ShouldBe(0);
        (await CliRun.InProcess("model", "scan", model, "--strict")).ExitCode.ShouldBe(1);
        (await CliRun.InProcess("model", "scan", model, "--strict", "--allow-global", "mylib.layers.Block")).ExitCode.ShouldBe(0);
        _temp.Write("bulwark.toml", "[model]\nstrict = true\nallow_globals = [\"mylib.*\"]\n");
        (await CliRun.InProcess("model", "scan", _temp.Path)).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task List_globals_prints_each_import_with_its_classification()
    {
        var (code, stdout, _) = await CliRun.InProcess("model", "scan", Fixture("linear.pt"), "--list-globals", "--format", "json");

        code.ShouldBe(0);
        var globals = JsonNode.Parse(stdout)!["globals"]!.AsArray();
        globals.ShouldContain(g => g!["global"]!.GetValue<string>() == "torch._utils._rebuild_tensor_v2" && g["classification"]!.GetValue<string>() == "safe");
        globals.ShouldAllBe(g => g!["member"] != null);
    }

    [Fact]
    public async Task A_missing_path_is_a_usage_error()
    {
        (await CliRun.InProcess("model", "scan", _temp.Combine("nothing.pt"))).ExitCode.ShouldBe(2);
    }
}
