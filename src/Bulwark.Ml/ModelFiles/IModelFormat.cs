namespace Bulwark.Ml.ModelFiles;

/// <summary>
/// One model or container format. Content is sniffed, never trusted by extension: <see cref="Matches"/> decides
/// from the first bytes (the name only breaks ties between formats with no magic, such as protobuf).
/// Implementations are stateless and thread-safe; a bad file becomes issues or notices, never an exception.
/// </summary>
internal interface IModelFormat
{
    /// <summary>Short name shown in reports ("pickle", "pytorch-zip", "safetensors", …).</summary>
    string Name { get; }

    /// <summary>True when <paramref name="head"/> (the first bytes) is this format.</summary>
    bool Matches(ReadOnlySpan<byte> head, string name);

    /// <summary>Analyzes the content; nested content (archive members, embedded pickles) goes back through <see cref="ModelScanContext.ScanNested"/>.</summary>
    void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken);
}
