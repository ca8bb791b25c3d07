using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

public sealed class PickleReaderTests
{
    [Fact]
    public void The_last_bytes_read_stay_readable_after_the_buffer_is_refilled()
    {
        var bytes = new byte[300_000];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }
        using var reader = new PickleReader(new MemoryStream(bytes), 1000, bytes.Length);

        // Read through several refills, 100 bytes at a time.
        for (var read = 0; read < 250_000; read += 100)
        {
            reader.TryRead(100, out _).ShouldBeTrue();
        }

        reader.Offset.ShouldBe(251_000);
        reader.TryLookBack(251_000 - 4096, 16, out var back).ShouldBeTrue();
        back.ToArray().ShouldBe(bytes.AsSpan(250_000 - 4096, 16).ToArray());
        reader.TryLookBack(251_000 - 70_000, 16, out _).ShouldBeFalse();
        reader.TryLookBack(999, 4, out _).ShouldBeFalse();
        reader.TryLookBack(251_000 + 10_000_000, 4, out _).ShouldBeFalse();
    }
}
