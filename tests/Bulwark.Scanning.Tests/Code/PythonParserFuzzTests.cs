using System.Diagnostics;
using System.Text;
using Bulwark.Scanning.Code.Analysis;
using Bulwark.Scanning.Code.Notebooks;
using Bulwark.Scanning.Code.Python;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Code;

/// <summary>
/// Random and mutated inputs through the tokenizer, parser, analyser and notebook reader: never an exception,
/// never a hang (each input bounded in time), whatever the bytes.
/// </summary>
public sealed class PythonParserFuzzTests
{
    private static readonly string[] Fragments =
    [
        "(", ")", "[", "]", "{", "}", "'", "\"", "'''", "f'", "f\"{", "}", ":", "\n", "    ", "\t", "\\\n", "#", "=", ":=",
        "lambda", "def", "class", "match", "case", "if", "else", "for", "in", "async", "await", "yield", "*", "**", "@", ",",
        "x", "torch.load(", "eval(", "request.args", "1e", "0x", "\r\n", "\f", "\0", "é", "\uD800", "print ", "except A, e:",
    ];

    private static IEnumerable<string> Seeds()
    {
        var corpus = Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Scanning.Tests", "Code", "Fixtures", "corpus");
        return Directory.EnumerateFiles(corpus, "*.py").Select(File.ReadAllText);
    }

    private static void Survives(string source)
    {
        var watch = Stopwatch.StartNew();
        var module = PythonParser.Parse(source, TimeSpan.FromSeconds(2));
        FileAnalyzer.Analyze(module, CodeRuleIndex.Default);
        foreach (var error in module.Errors)
        {
            error.Offset.ShouldBeInRange(0, source.Length);
            module.Position(error.Offset).Line.ShouldBeGreaterThan(0);
        }
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Mutated_real_files_never_crash_or_hang()
    {
        var random = new Random(1234);
        var seeds = Seeds().ToList();
        for (var i = 0; i < 600; i++)
        {
            var text = new StringBuilder(seeds[random.Next(seeds.Count)]);
            for (var m = random.Next(1, 8); m > 0 && text.Length > 0; m--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(4))
                {
                    case 0: text.Remove(at, Math.Min(random.Next(1, 40), text.Length - at)); break;
                    case 1: text.Insert(at, Fragments[random.Next(Fragments.Length)]); break;
                    case 2: text[at] = (char)random.Next(0, 0x3000); break;
                    default: text.Length = at; break;
                }
            }
            Survives(text.ToString());
        }
    }

    [Fact]
    public void Random_token_soup_never_crashes_or_hangs()
    {
        var random = new Random(99);
        for (var i = 0; i < 600; i++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 200); n > 0; n--)
            {
                text.Append(Fragments[random.Next(Fragments.Length)]).Append(random.Next(3) == 0 ? " " : "");
            }
            Survives(text.ToString());
        }
    }

    [Fact]
    public void Mutated_notebooks_give_code_or_a_json_error()
    {
        var random = new Random(7);
        var corpus = Path.Combine(RepositoryPaths.Root, "tests", "Bulwark.Scanning.Tests", "Code", "Fixtures", "corpus");
        var notebooks = Directory.EnumerateFiles(corpus, "*.ipynb").Select(File.ReadAllBytes).ToList();
        for (var i = 0; i < 400; i++)
        {
            var bytes = notebooks[random.Next(notebooks.Count)].ToArray();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            try
            {
                var code = NotebookCode.Read(bytes, 64);
                Survives(code.Text);
            }
            catch (System.Text.Json.JsonException)
            {
                // Reported as a notice by the scanner.
            }
        }
    }
}
