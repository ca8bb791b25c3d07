using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;

namespace Bulwark.Ml.Tests.ModelFiles.TensorFlow;

/// <summary>Runs formats over bytes or files the way the scan service does: sniff, then scan with a fresh context.</summary>
internal static class FormatHarness
{
    public static ModelScanContext Scan(IReadOnlyList<IModelFormat> formats, string name, byte[] bytes, bool strict = false, ModelScanLimits? limits = null)
    {
        var (sniffer, context) = Start(formats, strict, limits);
        var content = ModelContent.Create(new ModelLocation(name, null, -1), name, new MemoryStream(bytes), bytes.Length, 0);
        sniffer.Scan(content, context, CancellationToken.None);
        return context;
    }

    public static ModelScanContext ScanFile(IReadOnlyList<IModelFormat> formats, string path, string? name = null)
    {
        var (sniffer, context) = Start(formats, strict: false, limits: null);
        using var stream = File.OpenRead(path);
        var fileName = name ?? Path.GetFileName(path);
        var content = ModelContent.Create(new ModelLocation(fileName, null, -1), fileName, stream, stream.Length, 0) with { DiskPath = path };
        sniffer.Scan(content, context, CancellationToken.None);
        return context;
    }

    public static IReadOnlyList<ModelIssue> Above(this ModelScanContext context, Severity floor) =>
        context.Issues.Where(issue => issue.Severity > floor).ToList();

    private static (ModelFormatSniffer, ModelScanContext) Start(IReadOnlyList<IModelFormat> formats, bool strict, ModelScanLimits? limits)
    {
        var sniffer = new ModelFormatSniffer(formats);
        return (sniffer, new ModelScanContext(limits ?? new ModelScanLimits(), new TestClassifier(), sniffer, strict));
    }
}

/// <summary>A tiny classifier: a few well-known dangerous callables, the math/collections modules as safe, the rest unknown.</summary>
internal sealed class TestClassifier : IGlobalClassifier
{
    public GlobalVerdict Classify(string module, string name) => (module, name) switch
    {
        ("os" or "posix" or "nt", "system") => new(GlobalClass.Dangerous, Severity.Critical, "runs a shell command"),
        ("builtins", "eval" or "exec") => new(GlobalClass.Dangerous, Severity.Critical, "evaluates Python code"),
        ("math" or "collections", _) => GlobalVerdict.Safe("standard library data"),
        _ => new(GlobalClass.Unknown, Severity.Medium, "not on either list"),
    };
}
