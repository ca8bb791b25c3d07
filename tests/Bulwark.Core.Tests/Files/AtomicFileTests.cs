using Bulwark.Core.Files;
using Bulwark.Tests.Shared;

namespace Bulwark.Core.Tests.Files;

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
    public void A_failed_write_leaves_the_old_file_and_no_temporary_file()
    {
        using var folder = new TempDirectory("bulwark-atomic-");
        var path = Path.Combine(folder.Path, "report.json");
        File.WriteAllText(path, "old");

        Should.Throw<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half"u8);
            throw new IOException("disk full");
        }));

        File.ReadAllText(path).ShouldBe("old");
        Directory.GetFiles(folder.Path).ShouldBe([path]);
    }

    [Fact]
    public void Writing_to_dev_null_leaves_the_device_in_place()
    {
        AtomicFile.Write("/dev/null", "discarded"u8.ToArray());
        FileKind.Of("/dev/null").ShouldBe("character special file", "--output /dev/null must not replace the device with a regular file");
    }
}
