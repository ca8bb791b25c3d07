using System.Buffers;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Bulwark.Core.Masking;

namespace Bulwark.Benchmarks;

/// <summary>
/// Masking ~16 MB of build log with 200 active secrets (issue 7's target: at least 100 MB/s), against the
/// obvious alternative: .NET's SearchValues&lt;string&gt; over the same patterns.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MaskingBenchmarks.Config))]
public class MaskingBenchmarks
{
    private const int Secrets = 200;
    private const int TargetChars = 16 * 1024 * 1024;
    private const int PlantEvery = 20_000;
    private const int Chunk = 4096;

    private static readonly Lazy<(string[] Secrets, string Log)> Corpus = new(Build);

    private SecretMasker _masker = null!;
    private SearchValues<string> _searchValues = null!;
    private string _log = "";

    [GlobalSetup]
    public void Setup()
    {
        (var secrets, _log) = Corpus.Value;
        _masker = SecretMasker.Create(secrets, out var warnings);
        if (warnings.Count > 0 || _masker.Mask(_log).Contains(secrets[7], StringComparison.Ordinal) || !_masker.Mask(_log).Contains(SecretMasker.Replacement, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the masker must mask the planted secrets without warnings");
        }
        var patterns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            SecretForms.Add(secret, patterns);
        }
        _searchValues = SearchValues.Create([.. patterns], StringComparison.Ordinal);
    }

    [Benchmark(Baseline = true, Description = "SearchValues<string> over all patterns (find only)")]
    public int SearchValuesFind()
    {
        var text = _log.AsSpan();
        var hits = 0;
        for (var at = text.IndexOfAny(_searchValues); at >= 0; at = text.IndexOfAny(_searchValues))
        {
            hits++;
            text = text[(at + 1)..];
        }
        return hits;
    }

    [Benchmark(Description = "SecretMasker.Mask (whole string)")]
    public int Mask() => _masker.Mask(_log).Length;

    [Benchmark(Description = "MaskingWriter (4 KiB chunks)")]
    public int Write()
    {
        using var writer = _masker.CreateWriter(TextWriter.Null);
        var text = _log.AsSpan();
        for (var at = 0; at < text.Length; at += Chunk)
        {
            writer.Write(text.Slice(at, Math.Min(Chunk, text.Length - at)));
        }
        return text.Length;
    }

    /// <summary>200 token-like secrets and ~16 MB of build output with one of them (raw or base64) every 20,000 lines.</summary>
    private static (string[] Secrets, string Log) Build()
    {
        var random = new Random(20261130);
        var secrets = new string[Secrets];
        const string alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        const string printable = alphanumeric + "!#$%&()*+,-./:;<=>?@[]^_{|}~";
        for (var i = 0; i < Secrets; i++)
        {
            var (prefix, alphabet, length) = (i % 4) switch
            {
                0 => ("gh" + "p_", alphanumeric, 36),
                1 => ("", alphanumeric + "+/", 40),
                2 => ("", "0123456789abcdef", 32),
                _ => ("", printable, random.Next(12, 24)),
            };
            var chars = new char[length];
            for (var c = 0; c < length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }
            secrets[i] = prefix + new string(chars);
        }
        var log = new StringBuilder(TargetChars + 4096);
        for (var line = 0; log.Length < TargetChars; line++)
        {
            if (line % PlantEvery == PlantEvery / 2)
            {
                var secret = secrets[random.Next(Secrets)];
                log.Append(line % 3 == 0 ? $"  auth: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("ci:" + secret))}" : $"  export TOKEN={secret}").Append('\n');
            }
            log.Append(LogLine(random, line)).Append('\n');
        }
        return (secrets, log.ToString(0, TargetChars));
    }

    private static string LogLine(Random random, int line)
    {
        var n = random.Next(1, 400).ToString(CultureInfo.InvariantCulture);
        var ms = random.Next(1, 5000).ToString(CultureInfo.InvariantCulture);
        return (line % 9) switch
        {
            0 => $"  Restoring packages for /src/Service{n}/Service{n}.csproj...",
            1 => $"  Service{n} -> /src/Service{n}/bin/Release/net10.0/Service{n}.dll",
            2 => $"[2026-11-30T12:{line % 60:D2}:{n.PadLeft(2, '0')[..2]}Z] INFO  Step {line % 12 + 1}/12 : RUN pip install -r requirements.txt",
            3 => $"Collecting torch==2.3.{n} (from -r requirements.txt (line {n}))",
            4 => $"  Downloading https://files.pythonhosted.org/packages/{random.Next():x8}/{random.Next():x8}/torch-2.3.1-cp311-cp311-manylinux1_x86_64.whl ({n}.1 MB)",
            5 => $"npm WARN deprecated inflight@1.0.{n}: This module is not supported, and leaks memory. Do not use it.",
            6 => $"#{line % 40} pushing layer sha256:{random.Next():x8}{random.Next():x8}{random.Next():x8}{random.Next():x8}{random.Next():x8}{random.Next():x8}{random.Next():x8}{random.Next():x8} {ms} ms",
            7 => $"{{\"level\":\"info\",\"ts\":{line},\"msg\":\"request\",\"path\":\"/api/v1/items/{n}\",\"status\":200,\"duration_ms\":{ms}}}",
            _ => $"  tests/test_model_{n}.py::test_accuracy_above_threshold[{ms}] PASSED                      [ {line % 100,2}%]",
        };
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn(
            _ => Encoding.UTF8.GetByteCount(Corpus.Value.Log), "Throughput: UTF-8 bytes of the ~16 MB log per second of the mean, in 10^6 bytes"));
    }
}
