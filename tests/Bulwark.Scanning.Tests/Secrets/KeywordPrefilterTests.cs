using Bulwark.Scanning.Secrets;
using CsCheck;

namespace Bulwark.Scanning.Tests.Secrets;

public sealed class KeywordPrefilterTests
{
    private static int Naive(string text, string[] keywords, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (keywords.Any(k => text.AsSpan(i).StartsWith(k, StringComparison.OrdinalIgnoreCase)))
            {
                return i;
            }
        }
        return -1;
    }

    [Fact]
    public void Finds_the_same_first_hit_as_a_naive_search_on_random_text()
    {
        string[] keywords = ["ghp_", "xoxb-", "sk-ant-", "password", "pwd", "::", "é€x", "ab", "token"];
        var prefilter = new KeywordPrefilter(keywords);
        var random = new Random(7);
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-:é€ \n=\"'";
        for (var round = 0; round < 2_000; round++)
        {
            var chars = new char[random.Next(0, 80)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }
            var text = new string(chars);
            if (round % 3 == 0 && text.Length > 10)
            {
                var keyword = keywords[random.Next(keywords.Length)];
                var at = random.Next(text.Length - 1);
                text = text[..at] + (random.Next(2) == 0 ? keyword.ToUpperInvariant() : keyword) + text[at..];
            }
            var from = random.Next(0, text.Length + 1);
            var to = random.Next(from, text.Length + 1);
            prefilter.Next(text, from, to).ShouldBe(Naive(text, keywords, from, to), $"text: {text} from {from} to {to}");
        }
    }

    [Fact]
    public void Candidates_list_every_keyword_sharing_the_first_three_characters()
    {
        var prefilter = new KeywordPrefilter(["sk-ant-", "sk-proj-", "sk_live_"]);
        prefilter.Candidates("SK-PROJ-abc").Length.ShouldBe(2);
        prefilter.Candidates("sk_").ShouldHaveSingleItem().ShouldBe(2);
        prefilter.Candidates("xx").ShouldBeEmpty();
    }

    /// <summary>Letters in both cases, keyword punctuation, whitespace and non-ASCII neighbours.</summary>
    private const string TextAlphabet = "abcdefghijklmnopqrstuvwxyzAKPSYZ0123456789_-.:/= \n\t\"éß€中Āñ\u00A0\uD83D\uDE00";

    private static readonly Gen<string> KeywordGen =
        Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_-.:"].Array[3, 9].Select(chars => new string(chars));

    private static readonly Gen<(string[] Keywords, string Text, int From, int To)> Case =
        from keywords in KeywordGen.Array[1, 12]
        from filler in Gen.Char[TextAlphabet].Array[0, 300]
        from inserts in Gen.Select(Gen.Int[0, 11], Gen.Int[0, 300], Gen.Bool).Array[0, 6]
        from ends in Gen.Select(Gen.Double[0, 1], Gen.Double[0, 1])
        let text = Plant(new string(filler), keywords, inserts)
        let start = (int)(ends.Item1 * text.Length)
        select (keywords, text, start, start + (int)(ends.Item2 * (text.Length - start)));

    /// <summary>Puts keywords into the text, upper-cased or not, some at its very end.</summary>
    private static string Plant(string text, string[] keywords, (int Keyword, int At, bool Upper)[] inserts)
    {
        foreach (var (k, at, upper) in inserts)
        {
            var keyword = keywords[k % keywords.Length];
            var word = upper ? keyword.ToUpperInvariant() : keyword;
            text = at % 5 == 0 ? text + word : text.Insert(Math.Min(at, text.Length), word);
        }
        return text;
    }

    [Fact]
    public void Finds_every_keyword_start_a_naive_search_finds_on_random_text()
    {
        Case.Sample(c =>
        {
            var prefilter = new KeywordPrefilter(c.Keywords);
            var from = c.From;
            // Every hit in turn, not only the first: each call starts the vector steps at a new offset.
            while (true)
            {
                var expected = Naive(c.Text, c.Keywords, from, c.To);
                prefilter.Next(c.Text, from, c.To).ShouldBe(expected, $"keywords [{string.Join(", ", c.Keywords)}] from {from} to {c.To} in \"{c.Text}\"");
                if (expected < 0)
                {
                    break;
                }
                from = expected + 1;
            }
        }, iter: 3_000);
    }

    [Fact]
    public void Vector_and_scalar_paths_agree_on_characters_that_fold_oddly()
    {
        // U+0131 (dotless i) and U+017F (long s) equal ASCII letters under OrdinalIgnoreCase; U+212A is the Kelvin sign.
        var keywords = new[] { "pass", "key", "secret_", "tsk-", "ssh-rsa", "is_" };
        var vector = new KeywordPrefilter(keywords);
        var scalar = new KeywordPrefilter(keywords, vectorise: false);
        var texts = Gen.Char["passkeysecrtSK_-h ıſ\u212AéK\n"].Array[0, 200].Select(chars => new string(chars));
        texts.Sample(text =>
        {
            for (var from = 0; from <= text.Length; from += 7)
            {
                vector.Next(text, from, text.Length).ShouldBe(scalar.Next(text, from, text.Length), $"from {from} in \"{text}\"");
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Finds_a_keyword_at_every_offset_across_vector_steps_and_at_the_text_end()
    {
        string[] keywords = ["password", "key"];
        var prefilter = new KeywordPrefilter(keywords);
        const string filler = "x = fn(é, 1) -> ok; ";
        foreach (var keyword in new[] { "PassWord", "kEy" })
        {
            for (var at = 0; at <= 150; at++)
            {
                var text = string.Concat(Enumerable.Repeat(filler, 9))[..at] + keyword;
                prefilter.Next(text, 0, text.Length).ShouldBe(at, $"{keyword} at {at}");
                prefilter.Next(text, 0, at).ShouldBe(-1, $"{keyword} at {at}, searching before it");
                var twice = text + "\u00A0" + text;
                prefilter.Next(twice, at + 1, twice.Length).ShouldBe(text.Length + 1 + at, $"{keyword} again after {at}");
            }
        }
    }
}
