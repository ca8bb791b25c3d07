using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Scan;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace Bulwark.Ml.Tests.ModelFiles.Scan;

/// <summary>The scan service's plumbing, with two tiny formats: "EVIL" content and a "BOX" container of lines.</summary>
public sealed class ModelScanServiceTests : IDisposable
{
    private static readonly RuleDescriptor EvilRule = new("model-test-evil", "Evil content", "Evil.", Severity.Critical, "Delete it.");

    private readonly TempDirectory _temp = new("bulwark-model-scan-");

    public void Dispose() => _temp.Dispose();

    private ModelScanOutcome Scan(params string[] paths) =>
        new ModelScanService(new FakeTimeProvider(), [new BoxFormat(), new EvilFormat()], _ => new NoGlobals())
            .Run(new ModelScanRequest(paths), null, CancellationToken.None);

    [Fact]
    public void Content_decides_the_format_not_the_name_and_members_are_located()
    {
        _temp.Write("models/weights.safetensors", "EVIL at the start");
        _temp.Write("models/readme.md", "nothing to see");
        _temp.Write("models/pack.bin", "BOX\nharmless\nEVIL inside\n");

        var report = Scan(_temp.Combine("models")).Report;

        report.Findings.Select(f => (f.Location.Path, f.Location.InnerPath, f.Location.ByteOffset)).ShouldBe(
            [("pack.bin", "line2", (long?)0), ("weights.safetensors", null, (long?)0)], ignoreOrder: true);
        var member = report.Findings.Single(f => f.Location.InnerPath is not null);
        member.Properties["member"].ShouldBe("line2");
        member.Properties["offset"].ShouldBe("0");
        report.Statistics.Files.ShouldBe(3);
        report.Rules.ShouldHaveSingleItem().Id.ShouldBe("model-test-evil");
    }

    [Fact]
    public void One_file_is_reported_relative_to_its_folder()
    {
        var file = _temp.Write("deep/er/model.pt", "EVIL");

        Scan(file).Report.Findings.ShouldHaveSingleItem().Location.Path.ShouldBe("model.pt");
    }

    [Fact]
    public void Excluded_paths_and_the_git_folder_are_skipped()
    {
        _temp.Write("repo/.git/objects/x", "EVIL");
        _temp.Write("repo/old/model.pt", "EVIL");
        _temp.Write("repo/bulwark.toml", "[model]\nexclude = [\"old/\"]\n");

        Scan(_temp.Combine("repo")).Report.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Nesting_is_bounded()
    {
        var nested = "BOX\n" + string.Concat(Enumerable.Repeat("BOX ", 10)) + "EVIL\n";
        _temp.Write("m/deep.bin", nested);

        var report = Scan(_temp.Combine("m")).Report;

        report.Findings.ShouldBeEmpty();
        report.Notices.ShouldContain(n => n.Message.Contains("nested deeper than"));
    }

    [Fact]
    public void A_missing_path_is_a_usage_error()
    {
        Should.Throw<Bulwark.Core.Configuration.ConfigException>(() => Scan(_temp.Combine("nope")));
    }

    private sealed class EvilFormat : IModelFormat
    {
        public string Name => "evil";

        public bool Matches(ReadOnlySpan<byte> head, string name) => head.IndexOf("EVIL"u8) >= 0;

        public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken) =>
            context.Report(new ModelIssue(EvilRule, Severity.Critical, content.Location.At(content.Head.Span.IndexOf("EVIL"u8)), "evil found"));
    }

    /// <summary>"BOX\n" then members, one per line; a member starting with "BOX " is a box itself.</summary>
    private sealed class BoxFormat : IModelFormat
    {
        public string Name => "box";

        public bool Matches(ReadOnlySpan<byte> head, string name) => head.StartsWith("BOX"u8);

        public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
        {
            var text = new StreamReader(content.Stream).ReadToEnd();
            // "BOX\n" opens a box of lines; "BOX " wraps exactly one member (the rest of the text).
            var lines = text[3] == '\n' ? text[4..].Split('\n') : [text[4..]];
            for (var i = 0; i < lines.Length; i++)
            {
                var bytes = Encoding.UTF8.GetBytes(lines[i]);
                var name = $"line{i + 1}";
                context.ScanNested(ModelContent.Create(content.Location.Child(name), name, new MemoryStream(bytes), bytes.Length, content.Depth + 1), cancellationToken);
            }
        }
    }

    private sealed class NoGlobals : IGlobalClassifier
    {
        public GlobalVerdict Classify(string module, string name) => new(GlobalClass.Unknown, Severity.Medium, "unknown");
    }
}
