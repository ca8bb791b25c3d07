using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Scanning.Secrets;
using Bulwark.Scanning.Secrets.Content;

namespace Bulwark.Scanning.Tests.Secrets;

/// <summary>Runs one piece of content through a SecretScanner and returns what it reported.</summary>
internal static class ScanHarness
{
    public static (IReadOnlyList<Finding> Findings, IReadOnlyList<Notice> Notices) Scan(SecretRuleSet rules, byte[] content, string path, SecretScanOptions? options = null)
    {
        var sink = new ScanSink();
        new SecretScanner(rules, options ?? new SecretScanOptions()).Scan(new MemoryStream(content), new ContentOrigin(path), sink, CancellationToken.None);
        return (sink.Findings(), sink.Notices());
    }

    public static IReadOnlyList<Finding> Scan(SecretRuleSet rules, string text, string path = "file.txt") =>
        Scan(rules, Encoding.UTF8.GetBytes(text), path).Findings;
}
