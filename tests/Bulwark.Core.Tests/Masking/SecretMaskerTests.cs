using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Web;
using Bulwark.Core.Masking;

namespace Bulwark.Core.Tests.Masking;

public sealed class SecretMaskerTests
{
    private const string Secret = "s3cr3t+Tok/en é<&>'\"x";

    private static SecretMasker Masker(params string[] values) => SecretMasker.Create(values, out _);

    private static void ShouldHide(string form, string secret = Secret)
    {
        var masked = Masker(secret).Mask($"before {form} after");
        masked.ShouldNotContain(form);
        masked.ShouldStartWith("before ");
        masked.ShouldEndWith(" after");
        masked.ShouldContain(SecretMasker.Replacement);
    }

    [Fact]
    public void Masks_the_raw_value() => Masker("hunter2hunter2").Mask("password=hunter2hunter2;").ShouldBe("password=***;");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Masks_base64_and_base64url_at_every_byte_alignment(int alignment)
    {
        var payload = Encoding.UTF8.GetBytes(new string('u', alignment) + Secret + "-tail").AsSpan();
        var (core, urlCore) = ReferenceForms.Base64Cores(Encoding.UTF8.GetBytes(Secret), alignment);
        var standard = Masker(Secret).Mask("Authorization: Basic " + Convert.ToBase64String(payload));
        standard.ShouldNotContain(core);
        standard.ShouldStartWith("Authorization: Basic ");
        Masker(Secret).Mask(Base64Url.EncodeToString(payload)).ShouldNotContain(urlCore);
    }

    [Fact]
    public void Masks_percent_encodings_in_both_hex_cases_and_form_encoding()
    {
        var escaped = Uri.EscapeDataString(Secret);
        ShouldHide(escaped);
        ShouldHide(ReferenceForms.LowerEscapes(escaped));
        ShouldHide(Uri.EscapeDataString("my secret value").Replace("%20", "+", StringComparison.Ordinal), "my secret value");
        ShouldHide(HttpUtility.UrlEncode(Secret));
        ShouldHide(System.Net.WebUtility.UrlEncode(Secret));
    }

    [Fact]
    public void Masks_json_escapings_of_system_text_json_and_of_minimal_encoders()
    {
        ShouldHide(JsonSerializer.Serialize(Secret)[1..^1]);
        ShouldHide("s3cr3t+Tok/en é<&>'\\\"x"); // only " and \ escaped (Go without HTML escaping, Node, Rust)
        ShouldHide("s3cr3t+Tok/en \\u00e9<&>'\\\"x"); // Python's json.dumps (ensure_ascii)
        ShouldHide("line one\\nline two", "line one\nline two");
    }

    [Fact]
    public void Masks_hex_in_both_cases()
    {
        var bytes = Encoding.UTF8.GetBytes(Secret);
        ShouldHide(Convert.ToHexString(bytes));
        ShouldHide(Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Masks_each_line_of_a_multi_line_value_on_its_own()
    {
        const string key = "-----BEGIN KEY-----\r\nMIIEvQIBADANBgkqhkiG9w0BAQ\r\n  AgEAAoIBAQC7VJTUt9Us8cKj\r\n}\r\n-----END KEY-----";
        var masked = Masker(key).Mask("got: MIIEvQIBADANBgkqhkiG9w0BAQ\ngot:AgEAAoIBAQC7VJTUt9Us8cKj\n}\n");
        masked.ShouldBe("got: ***\ngot:***\n}\n");
    }

    [Fact]
    public void Overlapping_matches_merge_into_one_replacement_and_adjacent_ones_do_not()
    {
        var masker = Masker("abcdefgh", "efghijkl", "abcdefghabcd");
        masker.Mask("x abcdefghijkl y").ShouldBe("x *** y");
        masker.Mask("x efghijklefghijkl y").ShouldBe("x ****** y");
        masker.Mask("x abcdefghabcdefgh y").ShouldBe("x *** y");
    }

    [Fact]
    public void Text_without_secrets_is_returned_as_is()
    {
        const string text = "Restoring packages...\nBuild succeeded. 0 Warning(s)\n";
        Masker("not-in-the-text-1234").Mask(text).ShouldBeSameAs(text);
        SecretMasker.Empty.Mask(text).ShouldBeSameAs(text);
    }

    [Fact]
    public void Short_values_are_refused_or_warned_about_and_warnings_never_hold_the_value()
    {
        string?[] values = ["abc", "hunter2", "", "   ", null, "long-enough-value", new string('v', SecretMasker.MaximumLength + 1)];
        var masker = SecretMasker.Create(values, out var warnings);
        warnings.Select(w => (w.ValueIndex, w.Kind)).ShouldBe(
        [
            (0, MaskingWarningKind.TooShort), (1, MaskingWarningKind.Short), (2, MaskingWarningKind.Empty),
            (3, MaskingWarningKind.Empty), (4, MaskingWarningKind.Empty), (6, MaskingWarningKind.TooLong),
        ]);
        foreach (var warning in warnings)
        {
            warning.Message.ShouldNotContain("abc");
            warning.Message.ShouldNotContain("hunter");
            warning.Message.ShouldNotContain("vvvv");
        }
        masker.Mask("abc hunter2 long-enough-value").ShouldBe("abc *** ***");
    }

    [Fact]
    public void Duplicates_share_their_patterns_and_too_many_values_are_rejected()
    {
        Masker("same-value-1", "same-value-1").PatternCount.ShouldBe(Masker("same-value-1").PatternCount);
        var many = Enumerable.Range(0, SecretMasker.MaximumValues + 1).Select(i => $"value-{i:D6}");
        Should.Throw<ArgumentException>(() => SecretMasker.Create(many, out _));
    }
}
