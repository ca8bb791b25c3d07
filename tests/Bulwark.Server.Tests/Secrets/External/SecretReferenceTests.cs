using Bulwark.Server.Secrets.External;

namespace Bulwark.Server.Tests.Secrets.External;

public sealed class SecretReferenceTests
{
    [Theory]
    [InlineData("vault://kv/ci/deploy#api-token", "kv", "ci/deploy", "api-token", null)]
    [InlineData("vault://secret/my-secret#foo", "secret", "my-secret", "foo", null)]
    [InlineData("vault://kv/a/b/c/d#KEY_1", "kv", "a/b/c/d", "KEY_1", null)]
    [InlineData("vault://kv-prod/team.a/hub_token#v.1?version=2", "kv-prod", "team.a/hub_token", "v.1", 2)]
    [InlineData("vault://kv/x#y?version=999999999", "kv", "x", "y", 999999999)]
    [InlineData("vault://kv/..a/.hidden#k", "kv", "..a/.hidden", "k", null)]
    public void Parses_valid_references(string text, string mount, string path, string key, int? version)
    {
        SecretReference.TryParse(text, out var reference, out var error).ShouldBeTrue(error);

        error.ShouldBeNull();
        reference.ShouldBe(new SecretReference("vault", mount, path, key, version));
        reference!.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-value")]
    [InlineData("hvs.CAESIJ-looks-like-a-token")]
    [InlineData("https://vault.example/v1/kv/data/x")]
    [InlineData(" vault://kv/x#y")]
    [InlineData("vault:/kv/x#y")]
    [InlineData("aws://kv/x#y")]
    public void Other_text_is_not_a_reference(string text)
    {
        SecretReference.TryParse(text, out var reference, out var error).ShouldBeFalse();

        reference.ShouldBeNull();
        error.ShouldBeNull();
    }

    [Theory]
    [InlineData("VAULT://kv/x#y", "lower case")]
    [InlineData("vault://kv", "missing '#key'")]
    [InlineData("vault://kv/x", "missing '#key'")]
    [InlineData("vault://kv#y", "needs a mount and a path")]
    [InlineData("vault://kv/x#", "the key is empty")]
    [InlineData("vault:///x#y", "the mount is empty")]
    [InlineData("vault://kv//x#y", "path segment 1 is empty")]
    [InlineData("vault://kv/x/#y", "path segment 2 is empty")]
    [InlineData("vault://kv/../sys/seal#y", "path segment 1 cannot end with '.'")]
    [InlineData("vault://kv/a/./b#y", "path segment 2 cannot end with '.'")]
    [InlineData("vault://../kv/x#y", "the mount cannot end with '.'")]
    [InlineData("vault://kv/x#..", "the key cannot end with '.'")]
    [InlineData("vault://kv/%2e%2e/x#y", "path segment 1 may hold only")]
    [InlineData("vault://kv/a\\..\\b#y", "path segment 1 may hold only")]
    [InlineData("vault://kv/x y#k", "path segment 1 may hold only")]
    [InlineData("vault://kv/x#k y", "the key may hold only")]
    [InlineData("vault://kv/x#a/b", "the key may hold only")]
    [InlineData("vault://kv/x#a#b", "the key may hold only")]
    [InlineData("vault://kv/x?version=1#k", "may hold only")]
    [InlineData("vault://kv/ä#k", "may hold only")]
    [InlineData("vault://kv/x#k\n", "may hold only")]
    [InlineData("vault://kv/x#k?version=0", "version must be")]
    [InlineData("vault://kv/x#k?version=01", "version must be")]
    [InlineData("vault://kv/x#k?version=-1", "version must be")]
    [InlineData("vault://kv/x#k?version=1000000000", "version must be")]
    [InlineData("vault://kv/x#k?version=", "version must be")]
    [InlineData("vault://kv/x#k?version=2&x=1", "version must be")]
    [InlineData("vault://kv/x#k?v=2", "the only option")]
    public void Malformed_references_are_errors_that_do_not_repeat_the_text(string text, string expected)
    {
        SecretReference.TryParse(text, out var reference, out var error).ShouldBeFalse();

        reference.ShouldBeNull();
        error.ShouldNotBeNull();
        error.ShouldStartWith("secret reference: ");
        error.ShouldContain(expected);
        error.ShouldNotContain(text);
    }

    [Fact]
    public void Lengths_and_segment_counts_are_bounded()
    {
        var longSegment = new string('a', SecretReference.MaxSegmentLength + 1);
        var manySegments = string.Join('/', Enumerable.Repeat("a", SecretReference.MaxSegments + 1));

        Error($"vault://kv/{longSegment}#k").ShouldContain($"longer than {SecretReference.MaxSegmentLength}");
        Error($"vault://kv/x#{longSegment}").ShouldContain($"longer than {SecretReference.MaxSegmentLength}");
        Error($"vault://{manySegments}#k").ShouldContain($"more than {SecretReference.MaxSegments} path segments");
        Error("vault://kv/" + string.Join('/', Enumerable.Repeat(new string('b', 100), 11)) + "#k").ShouldContain($"longer than {SecretReference.MaxLength}");
        SecretReference.TryParse($"vault://kv/{new string('a', SecretReference.MaxSegmentLength)}#k", out _, out _).ShouldBeTrue();
    }

    [Fact]
    public void Random_text_after_the_scheme_never_throws()
    {
        var random = new Random(7007);
        const string alphabet = "ab/#?.=%-_\\ 0129\u00e4\n";
        for (var i = 0; i < 5000; i++)
        {
            var tail = new string([.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var parsed = SecretReference.TryParse("vault://" + tail, out var reference, out var error);

            (parsed ? reference : (object?)error).ShouldNotBeNull();
            if (parsed)
            {
                reference!.ToString().ShouldBe("vault://" + tail);
                reference.Path.Split('/').ShouldAllBe(segment => segment != ".." && segment != ".");
            }
        }
    }

    private static string Error(string text)
    {
        SecretReference.TryParse(text, out _, out var error).ShouldBeFalse();
        return error!;
    }
}
