using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.Pickle;

namespace Bulwark.Ml.ModelFiles.NumPy;

/// <summary>
/// NumPy .npy (also each member of an .npz, which the zip reader hands over through ScanNested). Numeric data is
/// not read; an object-dtype array's data is a pickle and is analyzed as one.
/// </summary>
internal sealed class NumpyFormat : IModelFormat
{
    public string Name => "numpy";

    public bool Matches(ReadOnlySpan<byte> head, string name) => head.StartsWith(NpyHeader.Magic);

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        if (NpyHeader.Read(content.Stream, out var error) is not { } header)
        {
            context.Notice(NoticeLevel.Warning, content.Location, $"numpy: {error}");
            return;
        }
        if (!header.HasObjects)
        {
            return;
        }
        context.Report(new ModelIssue(NumpyRules.ObjectArray, NumpyRules.ObjectArray.Severity, content.Location.At(header.DataOffset),
            $"NumPy array with dtype {header.Descr} and shape {header.Shape} stores Python objects as a pickle at offset {header.DataOffset}; loading it runs that pickle (analyzed separately).")
        {
            Properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["dtype"] = header.Descr, ["shape"] = header.Shape },
        });
        PickleAnalyzer.Analyze(content.Stream, content.Location, header.DataOffset, context, cancellationToken);
    }
}
