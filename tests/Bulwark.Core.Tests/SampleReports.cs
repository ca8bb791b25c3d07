using Bulwark.Core.Findings;

namespace Bulwark.Core.Tests;

/// <summary>Small reports with every kind of location, for the writer tests.</summary>
internal static class SampleReports
{
    public static readonly RuleDescriptor AwsRule = new("aws-access-key-id", "AWS access key ID", "An AWS access key ID.", Severity.Critical, "Rotate the key.") { Tags = ["aws"] };
    public static readonly RuleDescriptor GenericRule = new("generic-password", "Generic password", "A password assignment.", Severity.Medium, "Move it to a secret store.");

    public static ScanReport Create(string root = "/tmp/project")
    {
        var plain = new Finding("aws-access-key-id", "AWS access key ID", Severity.Critical,
            new Location("src/my app/config #1.py", 3, 7, 3, 27), "AWS access key ID found", Fingerprint.Create("a"), "AKIA…(20 chars)");
        var inArchive = new Finding("generic-password", "Generic password", Severity.Medium,
            new Location("dist/pkg.whl", 12, 5, 12, 20) { InnerPath = "pkg/settings.py" }, "Generic password found", Fingerprint.Create("b"), "hunt…(14 chars)");
        var fromHistory = new Finding("aws-access-key-id", "AWS access key ID", Severity.Critical,
            new Location("old.env", 1, 1, 1, 21) { Commit = new CommitInfo("0123456789abcdef0123456789abcdef01234567", "Ada", "ada@example.test", new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero)) },
            "AWS access key ID found", Fingerprint.Create("c"), "AKIA…(20 chars)")
        {
            Properties = new Dictionary<string, string> { ["entropy"] = "3.90" },
            ListProperties = new Dictionary<string, IReadOnlyList<string>> { ["aliases"] = ["CVE-2024-0001", "GHSA-aaaa-bbbb-cccc"] },
        };
        return new ScanReport("secrets", root, [plain, inArchive, fromHistory], [AwsRule, GenericRule],
            [new Notice(NoticeLevel.Warning, "broken.ipynb", "invalid notebook JSON at line 3")],
            new ScanStatistics(10, 4096, TimeSpan.FromMilliseconds(120)));
    }
}
