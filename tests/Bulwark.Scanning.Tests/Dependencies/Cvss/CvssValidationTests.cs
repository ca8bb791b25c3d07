using Bulwark.Scanning.Dependencies.Advisories.Cvss;

namespace Bulwark.Scanning.Tests.Dependencies.Cvss;

public sealed class CvssValidationTests
{
    private const string V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    private const string V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    private const string V2 = "AV:N/AC:L/Au:N/C:P/I:P/A:P";

    [Theory]
    [InlineData("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "missing base metric 'A'")]
    [InlineData("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q", "metric 'A' has invalid value 'Q'")]
    [InlineData("CVSS_V3", V31 + "/A:H", "metric 'A' appears more than once")]
    [InlineData("CVSS_V3", V31 + "/E:Z", "metric 'E' has invalid value 'Z'")]
    [InlineData("CVSS_V3", V31 + "/AT:N", "unknown metric 'AT'")]
    [InlineData("CVSS_V3", "CVSS:3.1/av:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric 'av'")]
    [InlineData("CVSS_V3", V31 + "/", "part 9 '' is not NAME:VALUE")]
    [InlineData("CVSS_V3", "CVSS:3.1/AV:N//AC:L", "part 2 '' is not NAME:VALUE")]
    [InlineData("CVSS_V3", "CVSS:3.1/AV", "part 1 'AV' is not NAME:VALUE")]
    [InlineData("CVSS_V3", "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "must start with CVSS:3.0/ or CVSS:3.1/, not 'CVSS:3.2'")]
    [InlineData("CVSS_V3", V40, "not 'CVSS:4.0'")]
    [InlineData("CVSS_V4", V31, "must start with CVSS:4.0/, not 'CVSS:3.1'")]
    [InlineData("CVSS_V4", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", "missing base metric 'SA'")]
    [InlineData("CVSS_V4", V40 + "/MSC:S", "metric 'MSC' has invalid value 'S'")]
    [InlineData("CVSS_V4", V40 + "/U:red", "metric 'U' has invalid value 'red'")]
    [InlineData("CVSS_V2", "CVSS:2.0/" + V2, "no version prefix")]
    [InlineData("CVSS_V2", "AV:N/AC:L/Au:N/C:P/I:P", "missing base metric 'A'")]
    [InlineData("CVSS_V2", V2 + "/E:X", "metric 'E' has invalid value 'X'")]
    [InlineData("Ubuntu", "high", "severity type 'Ubuntu' is not CVSS_V2, CVSS_V3 or CVSS_V4")]
    [InlineData(null, V31, "severity type '' is not")]
    [InlineData("CVSS_V3", "", "CVSS vector is empty")]
    [InlineData("CVSS_V3", null, "CVSS vector is empty")]
    public void Rejects_invalid_vector_naming_the_problem(string? type, string? vector, string expected)
    {
        CvssCalculator.TryScore(type, vector, out var score, out var error).ShouldBeFalse();
        score.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(expected);
    }

    [Fact]
    public void Rejects_vectors_longer_than_the_limit_before_parsing()
    {
        var vector = V31 + new string('/', CvssCalculator.MaxVectorLength);
        CvssCalculator.TryScore("CVSS_V3", vector, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain("more than the 512");
    }

    [Fact]
    public void Error_messages_shorten_and_neutralise_hostile_input()
    {
        var vector = "CVSS:3.1/AV:\u001b[31m" + new string('x', 100) + "/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
        CvssCalculator.TryScore("CVSS_V3", vector, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull().ShouldContain("invalid value '?[31mxxxxxxxxxxxxxxxxxxx...'");
        error.ShouldNotContain("\u001b");
    }
}
