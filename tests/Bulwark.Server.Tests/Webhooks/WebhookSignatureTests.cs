using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Bulwark.Server.Webhooks;

namespace Bulwark.Server.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "8f2d0c4b6a1e9f3d7c5b2a0e8d6c4b2a1f3e5d7c9b0a2c4e6f8a0b2d4c6e8f0a";
    private static readonly byte[] Body = WebhookFixtures.Bytes("github-push.json");

    private static Func<string, string?> Headers(params (string Name, string Value)[] headers) =>
        name => headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    [Fact]
    public void GitHub_signature_over_the_body_is_valid()
    {
        // Computed independently of the class under test, the way GitHub documents it.
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body));

        WebhookSignature.IsValid(WebhookProvider.GitHub, Headers(("X-Hub-Signature-256", signature)), Body, Secret).ShouldBeTrue();
        WebhookSignature.Compute(WebhookProvider.GitHub, Body, Secret).ShouldBe(signature);
    }

    [Fact]
    public void GitHub_signature_in_upper_case_hex_is_valid()
    {
        var signature = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body));

        WebhookSignature.IsValid(WebhookProvider.GitHub, Headers(("X-Hub-Signature-256", signature)), Body, Secret).ShouldBeTrue();
    }

    [Fact]
    public void Gitea_signature_is_bare_hex_hmac()
    {
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body));

        WebhookSignature.IsValid(WebhookProvider.Gitea, Headers(("X-Gitea-Signature", signature)), Body, Secret).ShouldBeTrue();
        WebhookSignature.IsValid(WebhookProvider.Gitea, Headers(("X-Gitea-Signature", "sha256=" + signature)), Body, Secret).ShouldBeFalse();
        WebhookSignature.IsValid(WebhookProvider.GitHub, Headers(("X-Hub-Signature-256", signature)), Body, Secret).ShouldBeFalse();
    }

    [Fact]
    public void GitLab_token_must_equal_the_secret()
    {
        WebhookSignature.IsValid(WebhookProvider.GitLab, Headers(("X-Gitlab-Token", Secret)), Body, Secret).ShouldBeTrue();
        WebhookSignature.IsValid(WebhookProvider.GitLab, Headers(("X-Gitlab-Token", Secret[..^1])), Body, Secret).ShouldBeFalse();
        WebhookSignature.IsValid(WebhookProvider.GitLab, Headers(("X-Gitlab-Token", Secret + "0")), Body, Secret).ShouldBeFalse();
        WebhookSignature.IsValid(WebhookProvider.GitLab, Headers(("X-Gitlab-Token", Secret.ToUpperInvariant())), Body, Secret).ShouldBeFalse();
        WebhookSignature.IsValid(WebhookProvider.GitLab, Headers(("X-Gitlab-Token", "")), Body, Secret).ShouldBeFalse();
    }

    [Theory]
    [InlineData("GitHub")]
    [InlineData("Gitea")]
    public void Every_single_bit_flip_of_the_signature_is_rejected(string providerName)
    {
        var provider = Enum.Parse<WebhookProvider>(providerName);
        var header = provider == WebhookProvider.GitHub ? "X-Hub-Signature-256" : "X-Gitea-Signature";
        var prefix = provider == WebhookProvider.GitHub ? "sha256=" : "";
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body);
        for (var bit = 0; bit < mac.Length * 8; bit++)
        {
            var flipped = (byte[])mac.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            WebhookSignature.IsValid(provider, Headers((header, prefix + Convert.ToHexStringLower(flipped))), Body, Secret).ShouldBeFalse($"bit {bit}");
        }
    }

    [Theory]
    [InlineData("GitHub")]
    [InlineData("GitLab")]
    [InlineData("Gitea")]
    public void Every_single_bit_flip_of_the_body_is_rejected_where_the_body_is_signed(string providerName)
    {
        var provider = Enum.Parse<WebhookProvider>(providerName);
        var headers = Headers(("X-Hub-Signature-256", WebhookSignature.Compute(WebhookProvider.GitHub, Body, Secret)),
            ("X-Gitea-Signature", WebhookSignature.Compute(WebhookProvider.Gitea, Body, Secret)), ("X-Gitlab-Token", Secret));
        var rejected = 0;
        for (var bit = 0; bit < 512; bit++)
        {
            var body = (byte[])Body.Clone();
            body[bit / 8 * 7 % body.Length] ^= (byte)(1 << (bit % 8));
            rejected += WebhookSignature.IsValid(provider, headers, body, Secret) ? 0 : 1;
        }
        // GitLab's token does not cover the body: that is GitLab's design, and why the parser cross-checks object_kind.
        rejected.ShouldBe(provider == WebhookProvider.GitLab ? 0 : 512);
    }

    [Theory]
    [InlineData("sha256=")]
    [InlineData("sha256=abc")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("sha256=zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256= 0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("SHA256=0000000000000000000000000000000000000000000000000000000000000000")]
    public void Malformed_GitHub_signatures_are_rejected(string header)
    {
        WebhookSignature.IsValid(WebhookProvider.GitHub, Headers(("X-Hub-Signature-256", header)), Body, Secret).ShouldBeFalse();
    }

    [Fact]
    public void Truncated_and_extended_signatures_are_rejected()
    {
        var signature = WebhookSignature.Compute(WebhookProvider.GitHub, Body, Secret);

        WebhookSignature.IsValid(WebhookProvider.GitHub, Headers(("X-Hub-Signature-256", signature[..^2])), Body, Secret).ShouldBeFalse();
        WebhookSignature.IsValid(WebhookProvider.GitHub, Headers(("X-Hub-Signature-256", signature + "00")), Body, Secret).ShouldBeFalse();
        WebhookSignature.IsValid(WebhookProvider.GitHub, Headers(("X-Hub-Signature-256", signature[..39])), Body, Secret).ShouldBeFalse();
    }

    [Theory]
    [InlineData("GitHub")]
    [InlineData("GitLab")]
    [InlineData("Gitea")]
    public void A_signature_made_with_another_secret_is_rejected(string providerName)
    {
        var provider = Enum.Parse<WebhookProvider>(providerName);
        var headers = Headers(("X-Hub-Signature-256", WebhookSignature.Compute(WebhookProvider.GitHub, Body, "another-secret")),
            ("X-Gitea-Signature", WebhookSignature.Compute(WebhookProvider.Gitea, Body, "another-secret")), ("X-Gitlab-Token", "another-secret"));

        WebhookSignature.IsValid(provider, headers, Body, Secret).ShouldBeFalse();
    }

    [Theory]
    [InlineData("GitHub")]
    [InlineData("GitLab")]
    [InlineData("Gitea")]
    public void A_missing_header_is_rejected(string providerName)
    {
        var provider = Enum.Parse<WebhookProvider>(providerName);
        WebhookSignature.IsValid(provider, Headers(), Body, Secret).ShouldBeFalse();
    }

    [Theory]
    [InlineData("GitHub")]
    [InlineData("GitLab")]
    [InlineData("Gitea")]
    public void An_empty_secret_validates_nothing(string providerName)
    {
        var provider = Enum.Parse<WebhookProvider>(providerName);
        var headers = Headers(("X-Hub-Signature-256", WebhookSignature.Compute(WebhookProvider.GitHub, Body, "")),
            ("X-Gitea-Signature", WebhookSignature.Compute(WebhookProvider.Gitea, Body, "")), ("X-Gitlab-Token", ""));

        WebhookSignature.IsValid(provider, headers, Body, "").ShouldBeFalse();
    }

    [Fact]
    public void Header_dictionary_lookup_is_case_insensitive_and_refuses_repeated_headers()
    {
        var signature = WebhookSignature.Compute(WebhookProvider.GitHub, Body, Secret);
        var single = new HeaderDictionary { ["x-hub-signature-256"] = signature };
        var repeated = new HeaderDictionary { ["X-Hub-Signature-256"] = new([signature, signature]) };

        WebhookSignature.IsValid(WebhookProvider.GitHub, single, Body, Secret).ShouldBeTrue();
        WebhookSignature.IsValid(WebhookProvider.GitHub, repeated, Body, Secret).ShouldBeFalse();
    }
}
