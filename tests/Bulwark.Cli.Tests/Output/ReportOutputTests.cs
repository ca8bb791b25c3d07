using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Output;

public sealed class ReportOutputTests
{
    [Fact]
    public async Task A_report_written_to_dev_null_leaves_the_device_in_place()
    {
        using var folder = new TempDirectory("bulwark-report-");
        var model = Path.Combine(folder.Path, "data.pkl");
        File.WriteAllBytes(model, [0x80, 0x04, 0x4b, 0x01, 0x2e]);

        var (code, _, stderr) = await CliRun.InProcess("model", "scan", model, "--format", "json", "--output", "/dev/null");

        code.ShouldBe(0, stderr);
        FileKind.Of("/dev/null").ShouldBe("character special file", "a gate's --output /dev/null must not replace the device with a regular file");
    }
}
