using System.Diagnostics;
using CsCheck;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Pickle;
using Bulwark.Ml.Tests.ModelFiles.Joblib;
using Bulwark.Ml.Tests.ModelFiles.NumPy;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>Corrupted and random inputs: no exception escapes, every scan ends quickly, memory stays bounded.</summary>
public sealed class PickleMutationTests
{
    private static readonly ModelScanLimits Limits = new() { MaxTimePerFile = TimeSpan.FromSeconds(5), MaxPickleOpcodes = 200_000 };

    private static IEnumerable<byte[]> Samples()
    {
        yield return PickleWriter.OsSystem();
        yield return "cos\nsystem\n(I0x10\nS'a\\x41'\nV\\u0041\nL12L\nF1.5\np0\ng0\ntR."u8.ToArray();
        yield return new PickleWriter().Proto(4).StackGlobal("builtins", "getattr").CallGlobal("builtins", "__import__", "os").Unicode("system").Tuple2().Reduce()
            .Op(PickleOpcode.EmptySet).Mark().Int(1).Op(PickleOpcode.AddItems).Mark().Int(2).Op(PickleOpcode.FrozenSet).Op(PickleOpcode.Tuple3).Stop().ToArray();
        yield return JoblibTests.JoblibWithArray(2, new byte[16], w => w.CallGlobal("os", "system", "id").Op(PickleOpcode.Append));
        yield return NumpyFormatTests.Npy("'|O'", PickleWriter.OsSystem());
        foreach (var (area, name) in new[] { ("pickle", "legacy_state_dict.pt"), ("joblib", "logistic.joblib"), ("joblib", "object_array.joblib"), ("joblib", "logistic_zlib3.joblib"), ("joblib", "logistic.joblib.bz2"), ("joblib", "logistic.joblib.xz"), ("joblib", "logistic.joblib.lzma"), ("joblib", "logistic.joblib.gz"), ("numpy", "objects.npy") })
        {
            yield return File.ReadAllBytes(RealPickleFixtureTests.Fixture(area, name));
        }
    }

    [Fact]
    public void Mutated_samples_never_throw_and_finish_quickly()
    {
        var random = new Random(20240611);
        var slowest = TimeSpan.Zero;
        foreach (var sample in Samples())
        {
            for (var i = 0; i < 250; i++)
            {
                var mutated = Mutate(sample, random);
                var clock = Stopwatch.StartNew();
                var context = ModelScanHarness.Scan(mutated, name: "fuzz.bin", limits: Limits, seekable: i % 2 == 0);
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                context.Issues.ShouldAllBe(issue => issue.Message.Length > 0);
            }
        }
        slowest.ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        Gen.Byte.Array[0, 700].Sample(bytes =>
        {
            ModelScanHarness.Scan(bytes, name: "random.bin", limits: Limits);
            ModelScanHarness.Scan([0x80, 0x04, .. bytes], name: "random.pkl", limits: Limits);
        }, iter: 1500);
    }

    internal static byte[] Mutate(byte[] sample, Random random)
    {
        var bytes = sample.ToList();
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)"(0123cimqrstuhgRbeoN.)]}\x80\x81\x85\x93\x94\x95"[random.Next(29)]);
                    break;
                case 3:
                    // An opcode with a huge declared length.
                    bytes.InsertRange(at, [(byte)"\x8d\x8e\x96XBT"[random.Next(6)], 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0x0F]);
                    break;
                case 4:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(64));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
            }
        }
        return [.. bytes];
    }
}
