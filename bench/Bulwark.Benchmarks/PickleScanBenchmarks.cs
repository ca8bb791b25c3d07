using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Joblib;
using Bulwark.Ml.ModelFiles.NumPy;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Benchmarks;

/// <summary>
/// A model scan over an in-memory opcode-dense pickle (1,000,000 records, ~46 MB, the shape of model.sh's dense
/// fixture: the first third of a million records fill the memo, the rest run past its limit), end to end as a model
/// scan sees a raw pickle (the data pass proves it), and the symbolic machine alone on it, against walking the same
/// opcodes without either (argument lengths only). <see cref="Records"/> picks plain dicts or OrderedDicts (an import
/// and a call a record: model.sh's object-dense fixture).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PickleThroughputConfig))]
public class PickleScanBenchmarks
{
    private const int Count = 1_000_000;

    /// <summary>"dicts" or "ordered dicts".</summary>
    [Params("dicts", "ordered dicts")]
    public string Records { get; set; } = "dicts";

    private static readonly Dictionary<string, byte[]> Pickles = [];

    private byte[] _bytes = [];
    private ModelFormatSniffer _sniffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bytes = Pickle(Records);
        _sniffer = new ModelFormatSniffer([.. NumpyFormats.All, .. JoblibFormats.All, .. PickleFormats.All]);
        var context = Scan();
        if (context.Issues.Count != 0 || context.Notices.Count != 1)
        {
            throw new InvalidOperationException($"expected no finding and the memo-limit notice, got {context.Issues.Count} findings and {context.Notices.Count} notices");
        }
        if (WalkOpcodes() < 17L * Count)
        {
            throw new InvalidOperationException("the opcode walk missed opcodes (17 a record)");
        }
    }

    [Benchmark(Baseline = true, Description = "opcode walk only (no machine)")]
    public long WalkOpcodes()
    {
        // The lower bound: dispatch on each opcode of this pickle and skip its argument.
        var bytes = _bytes.AsSpan();
        long opcodes = 0;
        var at = 0;
        while (at < bytes.Length)
        {
            opcodes++;
            at += bytes[at] switch
            {
                0x80 or (byte)'h' or (byte)'K' => 2,
                (byte)'M' => 3,
                (byte)'J' => 5,
                0x95 or (byte)'G' => 9,
                0x8c => 2 + bytes[at + 1],
                _ => 1,
            };
        }
        return opcodes;
    }

    private static byte[] Pickle(string records)
    {
        lock (Pickles)
        {
            if (!Pickles.TryGetValue(records, out var bytes))
            {
                Pickles[records] = bytes = DensePickle.Records(Count, orderedDicts: records == "ordered dicts");
            }
            return bytes;
        }
    }

    [Benchmark(Description = "raw pickle model scan")]
    public int ScanPickle() => Scan().Notices.Count;

    /// <summary>A stream that cannot be re-read skips the data pass: the symbolic machine's own speed on this pickle.</summary>
    [Benchmark(Description = "symbolic machine only (forward-only stream)")]
    public int ScanPickleMachineOnly() => Scan(seekable: false).Notices.Count;

    private ModelScanContext Scan(bool seekable = true)
    {
        var context = new ModelScanContext(new ModelScanLimits(), GlobalPolicy.Default, _sniffer, strict: false);
        using var stream = seekable ? new MemoryStream(_bytes, writable: false) : new ForwardOnlyStream(_bytes);
        context.ScanNested(ModelContent.Create(new ModelLocation("records.pkl", null, -1), "records.pkl", stream, _bytes.Length, 0), CancellationToken.None);
        return context;
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }

    private sealed class PickleThroughputConfig : ManualConfig
    {
        public PickleThroughputConfig() => AddColumn(new ThroughputColumn(
            run => Pickle((string)run.Parameters[nameof(Records)]).Length, "Throughput: bytes of the pickle (~46 MB of dicts, ~51 MB of OrderedDicts) per second of the mean, in 10^6 bytes"));
    }
}
