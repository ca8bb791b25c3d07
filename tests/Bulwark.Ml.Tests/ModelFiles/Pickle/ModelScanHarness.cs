using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles;
using Bulwark.Ml.ModelFiles.Joblib;
using Bulwark.Ml.ModelFiles.NumPy;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.Tests.ModelFiles.Pickle;

/// <summary>Scans bytes the way the model scan does, with this area's formats behind one sniffer.</summary>
internal static class ModelScanHarness
{
    public static ModelScanContext Scan(byte[] bytes, string name = "model.pkl", bool strict = false, IGlobalClassifier? globals = null, ModelScanLimits? limits = null, bool seekable = true)
    {
        var sniffer = new ModelFormatSniffer([.. NumpyFormats.All, .. JoblibFormats.All, .. PickleFormats.All]);
        var context = new ModelScanContext(limits ?? new ModelScanLimits(), globals ?? GlobalPolicy.Default, sniffer, strict);
        Stream stream = seekable ? new MemoryStream(bytes, writable: false) : new ForwardOnlyStream(bytes);
        context.ScanNested(ModelContent.Create(new ModelLocation(name, null, -1), name, stream, bytes.Length, 0), CancellationToken.None);
        return context;
    }

    public static ModelIssue Single(this ModelScanContext context, RuleDescriptor rule) =>
        context.Issues.Where(i => i.Rule == rule).ShouldHaveSingleItem();

    public static ModelIssue ForGlobal(this ModelScanContext context, string qualified) =>
        context.Issues.Where(i => i.Properties.TryGetValue("global", out var g) && g == qualified).ShouldHaveSingleItem();

    public static Severity MaxSeverity(this ModelScanContext context) =>
        context.Issues.Count == 0 ? Severity.Info : context.Issues.Max(i => i.Severity);

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}
