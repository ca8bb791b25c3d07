using System.Diagnostics;
using System.Text;
using Bulwark.Ml.Data.Reading;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.Data;

/// <summary>Random and mutated files through both readers: a result or a <see cref="DataReadException"/>, nothing else, quickly.</summary>
public sealed class DataReaderFuzzTests : IDisposable
{
    private readonly TempDirectory _dir = new("bulwark-data-fuzz-");

    public void Dispose() => _dir.Dispose();

    private static readonly byte[] CsvSeed = Encoding.UTF8.GetBytes("id,text,x,label\n1,\"a, \"\"b\"\"\",1.5,0\n2,\"multi\nline\",NaN,1\n3,plain,-2e3,0\r\n");
    private static readonly byte[] JsonSeed = Encoding.UTF8.GetBytes("{\"text\":\"a \\\"b\\\" \\u00e9\",\"label\":0,\"x\":1.5}\n{\"text\":\"c\",\"label\":1,\"x\":null,\"n\":{\"k\":[1]}}\n");

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    public void Mutated_and_random_files_never_crash_or_hang(string extension)
    {
        var seed = extension == "csv" ? CsvSeed : JsonSeed;
        var random = new Random(extension.Length);
        var limits = new DataLimits { MaxFieldBytes = 4096, MaxRecordBytes = 1 << 20, InferenceRows = 50 };
        var watch = Stopwatch.StartNew();
        var path = _dir.Combine("fuzz." + extension);
        for (var i = 0; i < 1500; i++)
        {
            var bytes = i % 5 == 0 ? RandomBytes(random) : Mutate(seed, random);
            File.WriteAllBytes(path, bytes);
            try
            {
                using var reader = DataFiles.Open(path, limits);
                var rows = 0;
                while (reader.Read())
                {
                    for (var c = 0; c < reader.Columns.Count; c++)
                    {
                        _ = reader.IsMissing(c);
                        _ = reader.Value(c).Length;
                    }
                    (++rows).ShouldBeLessThan(10_000);
                }
            }
            catch (DataReadException ex)
            {
                ex.Message.ShouldStartWith(path);
            }
        }
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    private static byte[] RandomBytes(Random random)
    {
        const string alphabet = "ab,\"\n\r{}[]:\\ 1.-e";
        var length = random.Next(0, 300);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = random.Next(8) == 0 ? (byte)random.Next(256) : (byte)alphabet[random.Next(alphabet.Length)];
        }
        return bytes;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        for (var m = random.Next(1, 6); m > 0; m--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, "\",\n\r{}\\"u8[random.Next(7)]);
                    break;
                case 2 when at < bytes.Count:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    bytes.InsertRange(at, Enumerable.Repeat((byte)'x', random.Next(1, 6000)));
                    break;
            }
        }
        return [.. bytes];
    }
}
