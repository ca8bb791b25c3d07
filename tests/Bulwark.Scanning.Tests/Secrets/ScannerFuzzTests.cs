using System.Text;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.Tests.Secrets;

/// <summary>Random and mutated inputs through every content path: no exception, no hang.</summary>
public sealed class ScannerFuzzTests
{
    private static readonly SecretRuleSet Rules = TestRules.Load();

    public static TheoryData<string> Kinds => new() { "text", "notebook", "zip" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Mutated_inputs_never_throw(string kind)
    {
        var seed = kind.GetHashCode(StringComparison.Ordinal) & 0xFFFF;
        var random = new Random(seed);
        var original = kind switch
        {
            "notebook" => Encoding.UTF8.GetBytes($$"""{"cells":[{"source":["a = '{{TestRules.Token(1)}}'\n"],"outputs":[{"text":["x"]}]}]}"""),
            "zip" => SecretScannerTests.Zip(("a.txt", $"k={TestRules.Token(2)}\n"), ("b.ipynb", "{\"cells\":[]}")),
            _ => Encoding.UTF8.GetBytes($"line\nk = \"{TestRules.Token(3)}\"\n-----BEGIN TEST KEY-----\nAAAA"),
        };
        var path = kind switch { "notebook" => "f.ipynb", "zip" => "f.zip", _ => "f.txt" };
        for (var round = 0; round < 300; round++)
        {
            var mutated = (byte[])original.Clone();
            var edits = random.Next(1, 8);
            for (var e = 0; e < edits; e++)
            {
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            }
            if (round % 10 == 0)
            {
                mutated = mutated[..random.Next(mutated.Length)];
            }
            Should.NotThrow(() => ScanHarness.Scan(Rules, mutated, path));
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(42);
        for (var round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(0, 20_000)];
            random.NextBytes(bytes);
            if (round % 2 == 0 && bytes.Length > 4)
            {
                "PK\u0003\u0004"u8.CopyTo(bytes);
            }
            Should.NotThrow(() => ScanHarness.Scan(Rules, bytes, round % 3 == 0 ? "r.ipynb" : "r.bin"));
        }
    }
}
