using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>
/// One switch at a time: the scan reports that weakness's category, and nothing above info outside the
/// categories the weakness necessarily shows (a raw SQL error is also an error disclosure).
/// </summary>
public sealed class WeaknessSwitchTests
{
    public static TheoryData<Weakness, string, string[]> Cases => new()
    {
        { Weakness.MissingHeaders, "missing-header", [] },
        { Weakness.CookieFlags, "cookie-flags", [] },
        { Weakness.Cors, "cors", [] },
        { Weakness.Banner, "banner", [] },
        { Weakness.ErrorDisclosure, "error-disclosure", ["secret"] },
        { Weakness.ExposedFile, "exposed-file", ["secret"] },
        { Weakness.DirectoryListing, "directory-listing", [] },
        { Weakness.DebugEndpoint, "debug-endpoint", [] },
        { Weakness.Xss, "xss", [] },
        { Weakness.Sqli, "sqli", ["error-disclosure"] },
        { Weakness.BlindSqli, "sqli", [] },
        { Weakness.PathTraversal, "path-traversal", [] },
        { Weakness.OpenRedirect, "open-redirect", [] },
        { Weakness.Ssrf, "ssrf", [] },
        { Weakness.UnauthenticatedEndpoint, "unauthenticated-endpoint", [] },
        { Weakness.MissingRateLimit, "missing-rate-limit", [] },
        { Weakness.OversizedBody, "oversized-body", [] },
        { Weakness.AuthBypass, "auth-bypass", [] },
        { Weakness.PromptInjection, "prompt-injection", [] },
        { Weakness.JwtNone, "jwt-none", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task One_switch_yields_its_category_and_nothing_unrelated(Weakness weakness, string category, string[] alsoAllowed)
    {
        await using var target = await DastTarget.StartAsync(weakness);
        var options = DastScan.Options(target.BaseUrl) with { OpenApi = target.BaseUrl + "openapi.json", AuthHeader = $"Authorization: Bearer {DastTarget.Jwt("bob")}" };

        var outcome = await DastScan.RunAsync(options);

        var categories = outcome.Report.Findings.Where(f => f.Severity > Severity.Info).Select(f => DastScan.Category(f.RuleId)).ToHashSet();
        categories.ShouldContain(category);
        categories.ShouldBeSubsetOf([category, .. alsoAllowed]);
    }
}
