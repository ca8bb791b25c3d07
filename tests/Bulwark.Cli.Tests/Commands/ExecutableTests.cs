using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary>The built executable end to end: real process, real stdin, real exit codes.</summary>
public sealed class ExecutableTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-exe-");

    private string Root => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Stdin_is_scanned_with_dash()
    {
        var (code, stdout, stderr) = CliRun.Executable($"export GITHUB_TOKEN={CliRun.Token(20)}\n", Root, "secrets", "scan", "-", "--format", "json");
        code.ShouldBe(1, stderr);
        var finding = JsonNode.Parse(stdout)!["findings"]!.AsArray().ShouldHaveSingleItem()!;
        finding["location"]!["path"]!.GetValue<string>().ShouldBe("<stdin>");
        stdout.ShouldNotContain(CliRun.Token(20));
    }

    [Fact]
    public void Version_and_usage_exit_codes()
    {
        CliRun.Executable(null, Root, "--version").ExitCode.ShouldBe(0);
        CliRun.Executable(null, Root, "secrets", "scan", "--nope").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Nothing_is_written_outside_the_data_dir_and_the_output()
    {
        var project = Directory.CreateDirectory(Path.Combine(Root, "p")).FullName;
        File.WriteAllText(Path.Combine(project, "a.py"), "x = 1\n");
        var before = Directory.GetFileSystemEntries(project, "*", SearchOption.AllDirectories);
        CliRun.Executable(null, Root, "secrets", "scan", project).ExitCode.ShouldBe(0);
        Directory.GetFileSystemEntries(project, "*", SearchOption.AllDirectories).ShouldBe(before);
    }
}
