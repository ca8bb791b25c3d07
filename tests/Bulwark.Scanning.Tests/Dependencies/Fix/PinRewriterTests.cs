using Bulwark.Scanning.Dependencies.Fix;

namespace Bulwark.Scanning.Tests.Dependencies.Fix;

public sealed class PinRewriterTests
{
    [Theory]
    [InlineData("requests==2.19.0  # pinned for the proxy\n", "requests", "==2.19.0", "requests==9.0.1  # pinned for the proxy\n")]
    [InlineData("Pillow[webp] == 8.2.0 ; python_version >= \"3.8\"", "Pillow", "==8.2.0", "Pillow[webp] == 9.0.1 ; python_version >= \"3.8\"")]
    [InlineData("    \"numpy==1.21.0\",", "numpy", "==1.21.0", "    \"numpy==9.0.1\",")]
    [InlineData("numpy = \"^1.21\"", "numpy", "^1.21", "numpy = \"^9.0.1\"")]
    [InlineData("    \"lodash\": \"4.17.15\",", "lodash", "4.17.15", "    \"lodash\": \"9.0.1\",")]
    [InlineData("    \"lodash\": \"~4.17.15\",", "lodash", "~4.17.15", "    \"lodash\": \"~9.0.1\",")]
    [InlineData("flask>=1.0", "flask", ">=1.0", "flask>=9.0.1")]
    [InlineData("  - numpy=1.21.0", "numpy", "=1.21.0", "  - numpy=9.0.1")]
    public void Rewrites_only_the_version(string line, string name, string written, string expected)
    {
        PinRewriter.TryRewrite(line, name, written, "9.0.1", out var rewritten).ShouldBeTrue();
        rewritten.ShouldBe(expected);
    }

    [Theory]
    [InlineData("flask>=1.0,<2", "flask", ">=1.0,<2")]
    [InlineData("\"lodash\": \"^4.0.0 || ^5.0.0\"", "lodash", "^4.0.0 || ^5.0.0")]
    [InlineData("django==3.2.*", "django", "==3.2.*")]
    [InlineData("other==1.0", "flask", "==1.0")]
    [InlineData("flask==1.0", "flask", "==2.0")]
    [InlineData("flask==1.0.1", "flask", "==1.0")]
    public void Leaves_compound_or_absent_requirements_to_a_person(string line, string name, string written) =>
        PinRewriter.TryRewrite(line, name, written, "9.0.1", out _).ShouldBeFalse();
}
