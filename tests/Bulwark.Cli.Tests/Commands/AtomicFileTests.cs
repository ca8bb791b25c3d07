using System.Diagnostics;
using Bulwark.Cli.Commands;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

public sealed class AtomicFileTests
{
    [Fact]
    public void A_regular_file_is_replaced_whole_and_no_temporary_file_is_left()
    {
        using var folder = new TempDirectory("bulwark-atomic-");
        var path = Path.Combine(folder.Path, "report.json");
        File.WriteAllText(path, "old");
        AtomicFile.Write(path, "new"u8.ToArray());
        File.ReadAllText(path).ShouldBe("new");
        Directory.GetFiles(folder.Path).ShouldBe([path]);
    }

    [Fact]
    public void Writing_to_dev_null_leaves_the_device_in_place()
    {
        AtomicFile.Write("/dev/null", "discarded"u8.ToArray());
        FileType("/dev/null").ShouldBe("character special file", "--output /dev/null must not replace the device with a regular file");
    }

    [Fact]
    public async Task A_report_written_to_dev_null_leaves_the_device_in_place()
    {
        using var folder = new TempDirectory("bulwark-atomic-");
        var model = Path.Combine(folder.Path, "data.pkl");
        File.WriteAllBytes(model, [0x80, 0x04, 0x4b, 0x01, 0x2e]);

        var (code, _, stderr) = await CliRun.InProcess("model", "scan", model, "--format", "json", "--output", "/dev/null");

        code.ShouldBe(0, stderr);
        FileType("/dev/null").ShouldBe("character special file", "a gate's --output /dev/null must not replace the device with a regular file");
    }

    private static string FileType(string path)
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "-c", "%F", path })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var type = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return type;
    }
}
