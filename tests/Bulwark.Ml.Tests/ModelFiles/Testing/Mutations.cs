using System.Diagnostics;
using Bulwark.Ml.ModelFiles;

namespace Bulwark.Ml.Tests.ModelFiles.Testing;

/// <summary>Corrupts valid samples (bit flips, overwritten little-endian numbers, truncation, splices) and scans each copy.</summary>
internal static class Mutations
{
    private static readonly uint[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];

    public static byte[] Mutate(Random random, byte[] sample)
    {
        var bytes = (byte[])sample.Clone();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Length > 0; e++)
        {
            var at = random.Next(bytes.Length);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    var value = Interesting[random.Next(Interesting.Length)];
                    for (var i = 0; i < 4 && at + i < bytes.Length; i++)
                    {
                        bytes[at + i] = (byte)(value >> (8 * i));
                    }
                    break;
                case 2:
                    bytes = bytes[..at];
                    break;
                case 3:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    var from = random.Next(bytes.Length);
                    var length = Math.Min(random.Next(1, 64), Math.Min(bytes.Length - from, bytes.Length - at));
                    bytes.AsSpan(from, length).CopyTo(bytes.AsSpan(at));
                    break;
            }
        }
        return bytes;
    }

    /// <summary>Scans <paramref name="count"/> mutants of each sample plus random blobs: no exception escapes, each scan is quick and allocates little.</summary>
    public static void ScanMutants(IReadOnlyList<byte[]> samples, int count, int seed, ModelScanLimits? limits = null)
    {
        var random = new Random(seed);
        var slowest = TimeSpan.Zero;
        long heaviest = 0;
        for (var i = 0; i < count; i++)
        {
            var sample = samples[i % samples.Count];
            var bytes = i % 10 == 9 ? RandomBlob(random, sample) : Mutate(random, sample);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            new ScanHarness(limits).Scan(bytes, i % 2 == 0 ? "model.bin" : "model.safetensors");
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            heaviest = Math.Max(heaviest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        slowest.ShouldBeLessThan(TimeSpan.FromSeconds(1));
        heaviest.ShouldBeLessThan(64L << 20);
    }

    /// <summary>Random bytes behind the sample's first 16 (so formats still claim them).</summary>
    private static byte[] RandomBlob(Random random, byte[] sample)
    {
        var bytes = new byte[random.Next(16, 2048)];
        random.NextBytes(bytes);
        sample.AsSpan(0, Math.Min(16, sample.Length)).CopyTo(bytes);
        return bytes;
    }
}
