using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Benchmarks;

/// <summary>
/// The matcher's hot path over ~4 MB of real Python source with a few planted secrets, against its lower bound:
/// the vectorised keyword prefilter alone.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class SecretMatcherBenchmarks
{
    private string _text = "";
    private SecretRuleSet _rules = null!;
    private System.Buffers.SearchValues<string> _searchValues = null!;
    private SecretMatcher _matcher = null!;
    private MatchContext _context = null!;
    private readonly List<SecretMatch> _results = [];

    [GlobalSetup]
    public void Setup()
    {
        _text = BenchCorpus.Text;
        _rules = SecretRuleLoader.LoadDefault();
        _matcher = new SecretMatcher(_rules);
        _searchValues = System.Buffers.SearchValues.Create(_rules.Keywords, StringComparison.OrdinalIgnoreCase);
        var applies = _rules.Rules.Select(r => r.PathRegex is null || r.PathRegex.IsMatch(BenchCorpus.FileName)).ToArray();
        _context = new MatchContext(BenchCorpus.FileName, null, IsLockfile: false, applies);
        _results.Clear();
        _matcher.Match(_text, 0, _text.Length, _context, _results);
        if (_results.Count == 0)
        {
            throw new InvalidOperationException($"the matcher found none of the {BenchCorpus.PlantedSecrets} planted secrets");
        }
    }

    [Benchmark(Baseline = true, Description = "SearchValues<string> over all keywords")]
    public int SearchValuesPrefilter()
    {
        var text = _text.AsSpan();
        var keywords = _searchValues;
        var hits = 0;
        var pos = 0;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOfAny(keywords);
            if (rel < 0)
            {
                break;
            }
            hits++;
            pos += rel + 1;
        }
        return hits;
    }

    [Benchmark(Description = "KeywordPrefilter (trigram bit set)")]
    public int TrigramPrefilter()
    {
        var text = _text.AsSpan();
        var prefilter = _rules.Prefilter;
        var hits = 0;
        var pos = 0;
        while ((pos = prefilter.Next(text, pos, text.Length)) >= 0)
        {
            hits++;
            pos++;
        }
        return hits;
    }

    [Benchmark(Description = "SecretMatcher.Match")]
    public int Match()
    {
        _results.Clear();
        _matcher.Match(_text, 0, _text.Length, _context, _results);
        return _results.Count;
    }
}

/// <summary>
/// ~4 MB of realistic source text, the same in every process (BenchmarkDotNet's host and its child): Python
/// files from the machine's standard library in ordinal order, or generated Python-like lines where there are
/// none, with a fixed set of fake secrets planted every few hundred lines.
/// </summary>
internal static class BenchCorpus
{
    public const string FileName = "bench.py";
    public const int TargetChars = 4 * 1024 * 1024;
    public const int PlantEvery = 5000;

    private static readonly Lazy<string> LazyText = new(Build);
    private static readonly Lazy<byte[]> LazyUtf8 = new(() => Encoding.UTF8.GetBytes(LazyText.Value));

    public static string Text => LazyText.Value;
    public static byte[] Utf8 => LazyUtf8.Value;

    /// <summary>Fake secrets (built at run time so no scanner flags this source file).</summary>
    private static readonly string[] Secrets =
    [
        "GITHUB_TOKEN = \"" + "ghp" + "_" + "R7kq2Vn9XcLp4Ws8Tz1Yb6Hd3Fm5Gj0Ne2Qa" + "\"",
        "aws_access_key_id = " + "AK" + "IA" + "QYLPMN5HHHFPZAM2",
        "HF_TOKEN = \"" + "hf" + "_" + "kQwErTyUiOpAsDfGhJkLzXcVbNmQwErTyU" + "\"",
        "SLACK_BOT_TOKEN = \"" + "xo" + "xb-" + "263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1" + "\"",
        "STRIPE_KEY = \"" + "sk" + "_live_" + "4eC39HqLyjWDarjtT1zdp7dc" + "\"",
    ];

    public static int PlantedSecrets { get; private set; }

    private static string Build()
    {
        var text = new StringBuilder(TargetChars + 4096);
        var lines = 0;
        var planted = 0;
        foreach (var line in SourceLines())
        {
            text.Append(line).Append('\n');
            if (++lines % PlantEvery == 0)
            {
                text.Append(Secrets[planted++ % Secrets.Length]).Append('\n');
            }
            if (text.Length >= TargetChars)
            {
                break;
            }
        }
        PlantedSecrets = planted;
        return text.ToString(0, Math.Min(text.Length, TargetChars));
    }

    private static IEnumerable<string> SourceLines()
    {
        const string stdlib = "/usr/lib/python3.11";
        if (Directory.Exists(stdlib))
        {
            var files = Directory.EnumerateFiles(stdlib, "*.py", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                string[] content;
                try
                {
                    content = File.ReadAllLines(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
                foreach (var line in content)
                {
                    yield return line;
                }
            }
        }
        // Generated Python-like lines, after the real ones (or instead of them).
        var random = new Random(20240601);
        for (var i = 0; ; i++)
        {
            var name = $"value_{random.Next(10_000).ToString(CultureInfo.InvariantCulture)}";
            yield return (i % 6) switch
            {
                0 => $"def compute_{i.ToString(CultureInfo.InvariantCulture)}(self, {name}, timeout=None):",
                1 => $"    \"\"\"Return the {name} for the configured session and key lookup.\"\"\"",
                2 => $"    result = self._client.request('GET', '/api/v1/items/{name}', headers=headers)",
                3 => $"    if result.status != 200 and {name} is not None:",
                4 => $"        raise ValueError(f\"unexpected status {{result.status}} for {name}\")",
                _ => $"    return {{'id': {i.ToString(CultureInfo.InvariantCulture)}, 'password_hint': None, 'token_type': 'bearer'}}",
            };
        }
    }
}

/// <summary>Adds a MB/s column (UTF-8 bytes of <see cref="BenchCorpus.Text"/> per second of the mean).</summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new ThroughputColumn(
        _ => BenchCorpus.Utf8.Length, "Throughput: UTF-8 bytes of the ~4 MB input per second of the mean, in 10^6 bytes"));
}
