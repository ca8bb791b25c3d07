namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// A raw pickle file, whatever its extension (.pkl, .pickle, .pt/.pth/.bin in PyTorch's legacy format, .joblib,
/// .dat …): recognized from its content, analyzed by <see cref="PickleAnalyzer"/>.
/// </summary>
internal sealed class PickleFormat : IModelFormat
{
    public string Name => "pickle";

    public bool Matches(ReadOnlySpan<byte> head, string name) =>
        PickleAnalyzer.LooksLikePickle(head, complete: head.Length < ModelFormatSniffer.HeadBytes);

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken) =>
        PickleAnalyzer.Analyze(content.Stream, content.Location, 0, context, cancellationToken);
}
