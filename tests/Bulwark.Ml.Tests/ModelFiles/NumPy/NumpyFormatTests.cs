using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.NumPy;
using Bulwark.Ml.Tests.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.NumPy;

public sealed class NumpyFormatTests
{
    internal static byte[] Npy(string descr, byte[] data, int major = 1)
    {
        var header = $"{{'descr': {descr}, 'fortran_order': False, 'shape': (3,), }}";
        var fixedBytes = major == 1 ? 10 : 12;
        header = header.PadRight(((fixedBytes + header.Length + 1 + 63) / 64 * 64) - fixedBytes - 1) + "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0 };
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)header.Length) : BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(header));
        bytes.AddRange(data);
        return [.. bytes];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_malicious_pickle_in_an_object_array_is_found_after_the_header(int major)
    {
        var npy = Npy("'|O'", PickleWriter.OsSystem(), major);

        var context = ModelScanHarness.Scan(npy, name: "features.npy");

        context.Single(NumpyRules.ObjectArray).Severity.ShouldBe(Severity.Low);
        var issue = context.ForGlobal("os.system");
        issue.Severity.ShouldBe(Severity.Critical);
        issue.Location.Offset.ShouldBe(npy.Length - PickleWriter.OsSystem().Length + 47);
        (issue.Location.Offset % 64).ShouldBe(47);
    }

    [Fact]
    public void Structured_dtypes_with_an_object_field_hold_a_pickle()
    {
        var npy = Npy("[('a', '<i4'), ('b', '|O')]", PickleWriter.OsSystem());

        ModelScanHarness.Scan(npy, name: "s.npy").ForGlobal("os.system").Severity.ShouldBe(Severity.Critical);
    }

    [Fact]
    public void Numeric_arrays_are_not_read_as_pickles()
    {
        var npy = Npy("'<f8'", PickleWriter.OsSystem());

        ModelScanHarness.Scan(npy, name: "f.npy").Issues.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0xFF })]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 9, 0, 4, 0, (byte)'{', (byte)'}' })]
    [InlineData(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 4, 0, (byte)'{', (byte)'}', (byte)' ', (byte)'\n' })]
    public void Bad_headers_become_notices(byte[] npy)
    {
        var context = ModelScanHarness.Scan(npy, name: "bad.npy");

        context.Issues.ShouldBeEmpty();
        context.Notices.ShouldHaveSingleItem().Message.ShouldStartWith("numpy:");
    }
}
