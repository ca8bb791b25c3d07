using System.Diagnostics;
using System.Text;
using Bulwark.Ml.ModelFiles.Containers;
using Bulwark.Ml.Tests.ModelFiles.Testing;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.ModelFiles.Containers;

public sealed class ZipLargeFileTests : IDisposable
{
    private const uint TensorBytes = 0x8000_0000;
    private readonly TempDirectory _temp = new("bulwark-zip-large");

    [Fact]
    public void A_2GB_stored_tensor_is_never_read_and_the_scan_is_fast()
    {
        var path = WriteSparseCheckpoint();
        new ScanHarness().Scan(new ZipBuilder().Add("a.pkl", ZipTricksTests.Pickle).Build());

        using var counting = new CountingStream(File.OpenRead(path));
        var harness = new ScanHarness();
        var clock = Stopwatch.StartNew();
        var result = harness.Scan(counting, "big.pt");
        clock.Stop();

        result.Issues.ShouldHaveSingleItem().Rule.ShouldBe(RecordingPickleFormat.Evil);
        harness.Pickles.Seen.Single().Location.Member.ShouldBe("archive/data.pkl");
        counting.BytesRead.ShouldBeLessThan(200_000);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(0.5));
    }

    /// <summary>data.pkl, then a 2 GB stored tensor left sparse on disk, then the directory.</summary>
    private string WriteSparseCheckpoint()
    {
        var path = _temp.Combine("big.pt");
        using var file = File.Create(path);
        var pickleName = Encoding.ASCII.GetBytes("archive/data.pkl");
        var tensorName = Encoding.ASCII.GetBytes("archive/data/0");
        var pickle = ZipTricksTests.EvilPickle;
        LocalHeader(file, pickleName, Crc32.Append(0, pickle), (uint)pickle.Length);
        file.Write(pickle);
        var tensorOffset = file.Position;
        LocalHeader(file, tensorName, 0x12345678, TensorBytes);
        file.Seek(TensorBytes, SeekOrigin.Current);
        var directory = file.Position;
        CentralHeader(file, pickleName, Crc32.Append(0, pickle), (uint)pickle.Length, 0);
        CentralHeader(file, tensorName, 0x12345678, TensorBytes, (uint)tensorOffset);
        var size = file.Position - directory;
        ZipBuilder.U32(file, 0x06054B50); ZipBuilder.U16(file, 0); ZipBuilder.U16(file, 0); ZipBuilder.U16(file, 2); ZipBuilder.U16(file, 2);
        ZipBuilder.U32(file, (uint)size); ZipBuilder.U32(file, (uint)directory); ZipBuilder.U16(file, 0);
        return path;
    }

    private static void LocalHeader(Stream s, byte[] name, uint crc, uint size)
    {
        ZipBuilder.U32(s, 0x04034B50); ZipBuilder.U16(s, 20); ZipBuilder.U16(s, 0); ZipBuilder.U16(s, 0); ZipBuilder.U32(s, 0);
        ZipBuilder.U32(s, crc); ZipBuilder.U32(s, size); ZipBuilder.U32(s, size); ZipBuilder.U16(s, (ushort)name.Length); ZipBuilder.U16(s, 0);
        s.Write(name);
    }

    private static void CentralHeader(Stream s, byte[] name, uint crc, uint size, uint offset)
    {
        ZipBuilder.U32(s, 0x02014B50); ZipBuilder.U16(s, 20); ZipBuilder.U16(s, 20); ZipBuilder.U16(s, 0); ZipBuilder.U16(s, 0); ZipBuilder.U32(s, 0);
        ZipBuilder.U32(s, crc); ZipBuilder.U32(s, size); ZipBuilder.U32(s, size); ZipBuilder.U16(s, (ushort)name.Length); ZipBuilder.U16(s, 0);
        ZipBuilder.U16(s, 0); ZipBuilder.U16(s, 0); ZipBuilder.U16(s, 0); ZipBuilder.U32(s, 0); ZipBuilder.U32(s, offset);
        s.Write(name);
    }

    public void Dispose() => _temp.Dispose();
}
