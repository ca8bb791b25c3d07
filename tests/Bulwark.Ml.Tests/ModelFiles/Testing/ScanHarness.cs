using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Containers;
using Bulwark.Ml.ModelFiles.Gguf;
using Bulwark.Ml.ModelFiles.Safetensors;

namespace Bulwark.Ml.Tests.ModelFiles.Testing;

/// <summary>Scans bytes or a stream with the container, safetensors and GGUF formats plus a recording pickle stand-in.</summary>
internal sealed class ScanHarness(ModelScanLimits? limits = null)
{
    public RecordingPickleFormat Pickles { get; } = new();

    public ModelScanContext Scan(byte[] bytes, string name = "model.bin") => Scan(new MemoryStream(bytes), name);

    public ModelScanContext Scan(Stream stream, string name = "model.bin")
    {
        var formats = new List<IModelFormat>();
        formats.AddRange(ContainerFormats.All);
        formats.AddRange(SafetensorsFormats.All);
        formats.AddRange(GgufFormats.All);
        formats.Add(Pickles);
        var sniffer = new ModelFormatSniffer(formats);
        var context = new ModelScanContext(limits ?? new ModelScanLimits(), new UnknownGlobals(), sniffer, strict: false);
        var content = ModelContent.Create(new ModelLocation(name, null, -1), name, stream, stream.CanSeek ? stream.Length : -1, 0);
        // The scan service's contract for polyglots: a head that is not a zip but a tail that is goes to the zip format.
        if (sniffer.Identify(content.Head.Span, name) is not ZipFormat && ZipTailProbe.EndsWithZip(stream))
        {
            ContainerFormats.Zip.Scan(content, context, CancellationToken.None);
        }
        else
        {
            sniffer.Scan(content, context, CancellationToken.None);
        }
        return context;
    }

    private sealed class UnknownGlobals : IGlobalClassifier
    {
        public GlobalVerdict Classify(string module, string name) => new(GlobalClass.Unknown, Severity.Medium, "unknown");
    }
}

/// <summary>Assertions on a scan's issues by rule id.</summary>
internal static class ScanAssertions
{
    public static IReadOnlyList<string> RuleIds(this ModelScanContext context) => context.Issues.Select(i => i.Rule.Id).ToList();

    public static ModelIssue Single(this ModelScanContext context, string ruleId) => context.Issues.Single(i => i.Rule.Id == ruleId);

    public static void ShouldHaveNothingAboveLow(this ModelScanContext context) =>
        context.Issues.Where(i => i.Severity > Severity.Low).Select(i => $"{i.Rule.Id}: {i.Message}").ShouldBeEmpty();
}
