using System.Text;
using BenchmarkDotNet.Attributes;
using Bulwark.Scanning.Secrets;
using Bulwark.Scanning.Secrets.Content;

namespace Bulwark.Benchmarks;

/// <summary>
/// One ~4 MB Python file end to end through <see cref="SecretScanner"/> (sniffing, chunked UTF-8 decoding,
/// matching, findings), against decoding the same bytes alone.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ContentScanBenchmarks
{
    private byte[] _bytes = [];
    private char[] _chars = [];
    private SecretScanner _scanner = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bytes = BenchCorpus.Utf8;
        _chars = new char[Encoding.UTF8.GetMaxCharCount(_bytes.Length)];
        _scanner = new SecretScanner(SecretRuleLoader.LoadDefault(), new SecretScanOptions());
        var sink = new ScanSink();
        Scan(sink);
        if (sink.Findings().Count == 0)
        {
            throw new InvalidOperationException("the scanner found none of the planted secrets");
        }
    }

    [Benchmark(Baseline = true, Description = "UTF-8 decode only")]
    public int Decode() => Encoding.UTF8.GetChars(_bytes, _chars);

    [Benchmark(Description = "SecretScanner.Scan (4 MB stream)")]
    public long ScanFile() => Scan(new ScanSink());

    private long Scan(ScanSink sink)
    {
        using var stream = new MemoryStream(_bytes, writable: false);
        return _scanner.Scan(stream, new ContentOrigin(BenchCorpus.FileName), sink, CancellationToken.None);
    }
}
