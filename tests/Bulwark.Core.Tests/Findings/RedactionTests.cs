using Bulwark.Core.Findings;

namespace Bulwark.Core.Tests.Findings;

public sealed class RedactionTests
{
    [Fact]
    public void Shows_first_four_characters_and_the_length()
    {
        Redaction.Redact("ghp_abcdefghijklmnopqrstuvwxyz0123456789").ShouldBe("ghp_…(40 chars)");
    }

    [Fact]
    public void Short_secrets_reveal_at_most_a_third()
    {
        Redaction.Redact("hunter2").ShouldBe("hu…(7 chars)");
        Redaction.Redact("ab").ShouldBe("…(2 chars)");
    }

    [Fact]
    public void Fingerprints_are_stable_and_distinguish_parts()
    {
        Fingerprint.Create("a", "b").ShouldBe(Fingerprint.Create("a", "b"));
        Fingerprint.Create("ab", "").ShouldNotBe(Fingerprint.Create("a", "b"));
        Fingerprint.DigestOf("secret").ShouldBe("2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
    }
}
