using System.Diagnostics;
using System.Text;
using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Scanning.Tests.PipelineConfig.Definition;

/// <summary>Hostile and random input: the parser returns errors, never throws, and stays fast.</summary>
public sealed class PipelineFuzzTests
{
    /// <summary>
    /// A hang or a quadratic blow-up detector: the largest inputs here parse in ~0.3 s on an idle 2-core machine,
    /// and took 2.2 s once in CI with the other test projects running beside them.
    /// </summary>
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(10);

    private static void ParsesQuickly(string text)
    {
        var clock = Stopwatch.StartNew();
        var result = PipelineParser.Parse(text);
        clock.Elapsed.ShouldBeLessThan(Quickly);
        (result.Definition is null).ShouldBe(result.Errors.Count > 0);
        result.Errors.ShouldAllBe(e => e.Line >= 1 && e.Column >= 1);
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(8);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            ParsesQuickly(Encoding.UTF8.GetString(bytes));
        }
    }

    [Fact]
    public void Mutations_of_the_valid_example_never_throw()
    {
        var random = new Random(88);
        const string alphabet = "{}[]:,-*&!|>'\"#\n \t?%@`abc01";
        for (var i = 0; i < 2000; i++)
        {
            var text = new StringBuilder(PipelineSamples.Full);
            for (var e = random.Next(1, 6); e > 0; e--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0: text[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: text.Remove(at, Math.Min(random.Next(1, 10), text.Length - at)); break;
                }
            }
            ParsesQuickly(text.ToString());
        }
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(400_000)]
    public void Deep_nesting_is_an_error_not_a_stack_overflow(int depth)
    {
        ParsesQuickly(new string('[', depth) + new string(']', depth));
        ParsesQuickly(string.Concat(Enumerable.Repeat("a:\n", 40).Select((line, i) => new string(' ', i) + line)));
    }

    [Fact]
    public void Alias_bombs_are_refused_without_expansion()
    {
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            bomb.Append(CultureInfoFree($"a{i}: &a{i} [")).Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }
        var result = PipelineParser.Parse(bomb.ToString());

        result.Errors.ShouldContain(e => e.Message == "YAML aliases (*name) are not allowed in a pipeline");
        ParsesQuickly(bomb.ToString());
    }

    [Fact]
    public void Huge_flat_documents_hit_the_node_or_size_limit()
    {
        ParsesQuickly("on: push\njobs:\n" + string.Concat(Enumerable.Range(0, 30_000).Select(i => $"  j{i}: {{}}\n")));
        ParsesQuickly(new string('x', 2 * 1024 * 1024));
        ParsesQuickly("[" + string.Join(",", Enumerable.Repeat("1", 200_000)) + "]");
    }

    private static string CultureInfoFree(FormattableString text) => FormattableString.Invariant(text);
}
