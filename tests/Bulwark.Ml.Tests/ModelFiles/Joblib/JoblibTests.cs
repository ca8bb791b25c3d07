using System.IO.Compression;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.Pickle;
using Bulwark.Ml.Tests.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Joblib;

public sealed class JoblibTests
{
    /// <summary>A joblib stream: a NumpyArrayWrapper for an int64 array of <paramref name="count"/> items (aligned to 16), its bytes, then <paramref name="after"/>.</summary>
    internal static byte[] JoblibWithArray(int count, byte[] arrayBytes, Action<PickleWriter> after, byte[]? region = null)
    {
        var writer = new PickleWriter().Proto(4).Op(PickleOpcode.EmptyList)
            .StackGlobal("joblib.numpy_pickle", "NumpyArrayWrapper").Op(PickleOpcode.EmptyTuple).Op(PickleOpcode.NewObj)
            .Op(PickleOpcode.EmptyDict).Mark()
            .Unicode("subclass").StackGlobal("numpy", "ndarray")
            .Unicode("shape").Int(count).Tuple1()
            .Unicode("order").Unicode("C")
            .Unicode("dtype").StackGlobal("numpy", "dtype").Unicode("i8").Op(PickleOpcode.NewFalse).Op(PickleOpcode.NewTrue).Op(PickleOpcode.Tuple3).Reduce()
            .Mark().Int(3).Unicode("<").Op(PickleOpcode.None).Op(PickleOpcode.None).Op(PickleOpcode.None).Int(-1).Int(-1).Int(0).Op(PickleOpcode.Tuple).Build()
            .Unicode("allow_mmap").Op(PickleOpcode.NewTrue)
            .Unicode("numpy_array_alignment_bytes").Int(16)
            .Op(PickleOpcode.SetItems).Build();
        var padding = (int)(16 - ((writer.Position + 1) % 16)) % 16;
        writer.Raw(region ?? [(byte)padding, .. new byte[padding], .. arrayBytes]).Op(PickleOpcode.Append);
        after(writer);
        return writer.Stop().ToArray();
    }

    [Fact]
    public void Array_bytes_are_skipped_and_a_payload_after_them_is_found()
    {
        var bytes = JoblibWithArray(2, new byte[16], w => w.CallGlobal("os", "system", "id").Op(PickleOpcode.Append));

        var context = ModelScanHarness.Scan(bytes, name: "model.joblib");

        context.ForGlobal("os.system").Message.ShouldContain("('id',)");
        context.Issues.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_payload_hidden_in_array_bytes_for_plain_pickle_load_is_found(bool seekable)
    {
        // joblib.load reads 'N' as a padding length (78) and skips the padding and 16 array bytes;
        // pickle.load runs them all as opcodes.
        var hidden = new PickleWriter().Op(PickleOpcode.None).Op(PickleOpcode.Pop)
            .Global("os", "system").Unicode("id").Tuple1().Reduce().Op(PickleOpcode.Pop).ToArray();
        byte[] region = [.. hidden, .. Enumerable.Repeat((byte)'N', 78 + 1 + 16 - hidden.Length)];
        var bytes = JoblibWithArray(2, [], _ => { }, region);

        var context = ModelScanHarness.Scan(bytes, name: "model.pkl", seekable: seekable);

        context.ForGlobal("os.system").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Truncated_array_bytes_are_malformed()
    {
        var bytes = JoblibWithArray(1000, new byte[16], _ => { });

        ModelScanHarness.Scan(bytes).Single(PickleRules.Malformed).Message.ShouldContain("joblib array");
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zlib")]
    [InlineData("zfile")]
    public void Compressed_malicious_joblib_is_decompressed_and_scanned(string kind)
    {
        var payload = JoblibWithArray(2, new byte[16], w => w.CallGlobal("subprocess", "getoutput", "id").Op(PickleOpcode.Append));
        var packed = new MemoryStream();
        if (kind == "zfile")
        {
            packed.Write("ZF"u8);
            packed.Write(System.Text.Encoding.ASCII.GetBytes($"0x{payload.Length:x}".PadRight(19)));
        }
        using (Stream compressor = kind == "gzip" ? new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true) : new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(payload);
        }

        var context = ModelScanHarness.Scan(packed.ToArray(), name: "model.joblib");

        var issue = context.ForGlobal("subprocess.getoutput");
        issue.Severity.ShouldBe(Severity.Critical);
        issue.Location.Member.ShouldNotBeNull();
    }

    [Fact]
    public void Decompression_is_bounded()
    {
        var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(new PickleWriter().Proto(3).Op(PickleOpcode.BinBytes).UInt32(1 << 20).ToArray());
            gzip.Write(new byte[1 << 20]);
            gzip.Write(new PickleWriter().Stop().ToArray());
        }

        var context = ModelScanHarness.Scan(packed.ToArray(), name: "big.joblib.gz", limits: new Bulwark.Ml.ModelFiles.ModelScanLimits { MaxMemberBytes = 4096 });

        context.Notices.ShouldContain(n => n.Message.Contains("more than 4096 bytes"));
    }
}
