using System.Diagnostics;
using System.Text;
using Bulwark.Core.Configuration;
using Bulwark.Ml.Evaluation;

namespace Bulwark.Ml.Tests.Evaluation;

/// <summary>
/// Random and mutated metrics files and gate rules: a result or the reader's own exception (naming the file), nothing
/// else, quickly — and any metrics that parse run through the gate without a crash.
/// </summary>
public sealed class EvalReaderFuzzTests
{
    private static readonly byte[] MetricsSeed = Encoding.UTF8.GetBytes(
        "{\"model\": {\"name\": \"m\", \"sha256\": \"" + new string('0', 64) + "\"},\n \"metrics\": {\"accuracy\": 0.91, \"loss\": 1e-3},\n"
        + " \"slices\": {\"region=eu\": {\"accuracy\": 0.88}, \"\\u00e9\": {}},\n \"benchmarks\": [\"mmlu\", \"gsm8k\"]}\n");

    private const string RulesSeed = "required_benchmarks = [\"mmlu\"]\nrequire_model = false\n[defaults]\nmax_regression = 0.02\n"
        + "[metrics.accuracy]\ndirection = \"higher\"\nmin = 0.8\nslice_min = 0.7\nmax_regression = 0.01\nseverity = \"high\"\n";

    [Fact]
    public void Mutated_and_random_metrics_never_crash_or_hang()
    {
        var random = new Random(11);
        var baseline = EvalMetricsReader.Parse(MetricsSeed, "baseline.json");
        var gate = new EvalGate(EvalGateRules.Default);
        var parsed = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = i % 5 == 0 ? RandomBytes(random, "{}[]\":,0.1e-+ \nabnNtrufl\\") : Mutate(MetricsSeed, random, "{}[]\":,.\\-e0\n"u8);
            try
            {
                var metrics = EvalMetricsReader.Parse(bytes, "metrics.json");
                gate.Run(metrics, baseline, [], TimeSpan.Zero).ShouldNotBeNull();
                metrics.Metrics.Values.ShouldAllBe(v => double.IsFinite(v.Value) && v.Line >= 1 && v.Column >= 1);
                parsed++;
            }
            catch (EvalInputException ex)
            {
                ex.Message.ShouldStartWith("metrics.json");
            }
        }
        parsed.ShouldBeGreaterThan(0);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Mutated_and_random_rules_never_crash_or_hang()
    {
        var random = new Random(12);
        var seed = Encoding.UTF8.GetBytes(RulesSeed);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            var bytes = i % 5 == 0 ? RandomBytes(random, "[]=\".\n #abmx0.1-") : Mutate(seed, random, "[]=\".\n#-"u8);
            try
            {
                var text = Encoding.UTF8.GetString(bytes);
                EvalGateRulesReader.Read(TomlReading.Parse(text, "gate.toml"), "gate.toml").ShouldNotBeNull();
            }
            catch (ConfigException ex)
            {
                ex.Message.ShouldStartWith("gate.toml");
            }
        }
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Deep_nesting_and_many_metrics_are_refused_by_limits()
    {
        var deep = Encoding.UTF8.GetBytes("{\"metrics\": " + new string('[', 10_000) + new string(']', 10_000) + "}");
        Should.Throw<EvalInputException>(() => EvalMetricsReader.Parse(deep, "deep.json")).Message.ShouldStartWith("deep.json:1:");
        var many = new StringBuilder("{\"metrics\": {");
        for (var i = 0; i <= EvalMetricsReader.MaxNames; i++)
        {
            many.Append(i == 0 ? "" : ",").Append("\"m").Append(i).Append("\": 1");
        }
        many.Append("}}");
        Should.Throw<EvalInputException>(() => EvalMetricsReader.Parse(Encoding.UTF8.GetBytes(many.ToString()), "many.json"))
            .Message.ShouldContain("more than 10,000 metrics");
        var huge = new byte[EvalMetricsReader.MaxBytes + 1];
        Should.Throw<EvalInputException>(() => EvalMetricsReader.Parse(huge, "huge.json")).Message.ShouldBe("huge.json: the metrics file is larger than 16 MiB");
        var invalidUtf8 = "{\"metrics\": {\"a\u00ff\": 1}}"u8.ToArray();
        invalidUtf8[15] = 0xFF;
        Should.Throw<EvalInputException>(() => EvalMetricsReader.Parse(invalidUtf8, "utf8.json")).Message.ShouldStartWith("utf8.json:1:");
    }

    private static byte[] RandomBytes(Random random, string alphabet)
    {
        var bytes = new byte[random.Next(0, 300)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(10) == 0 ? (byte)random.Next(256) : (byte)alphabet[random.Next(alphabet.Length)];
        }
        return bytes;
    }

    private static byte[] Mutate(byte[] seed, Random random, ReadOnlySpan<byte> specials)
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
                    bytes.Insert(at, specials[random.Next(specials.Length)]);
                    break;
                case 2 when at < bytes.Count:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    var start = random.Next(bytes.Count);
                    var length = Math.Min(random.Next(1, 40), bytes.Count - start);
                    bytes.InsertRange(at, bytes.GetRange(start, length));
                    break;
            }
        }
        return [.. bytes];
    }
}
