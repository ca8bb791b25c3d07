using Bulwark.Scanning.Secrets;

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
}
