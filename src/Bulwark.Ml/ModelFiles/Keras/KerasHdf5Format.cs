using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.TensorFlow;
using PureHDF;

namespace Bulwark.Ml.ModelFiles.Keras;

/// <summary>
/// Legacy Keras HDF5 models (<c>model.save("m.h5")</c>): the root attributes <c>model_config</c> and
/// <c>training_config</c> hold the same JSON as <c>model.to_json()</c>, checked by
/// <see cref="KerasConfigInspector"/>. Claimed by the HDF5 signature at byte 0, or by an .h5/.hdf5 name (the
/// signature may follow a user block at 512, 1024, 2048, … bytes). PureHDF needs random access: disk files
/// and seekable streams are read in place, other content is buffered up to the metadata limit.
/// </summary>
internal sealed class KerasHdf5Format : IModelFormat
{
    private static readonly string[] ConfigAttributes = ["model_config", "training_config"];

    public string Name => "keras-h5";

    public bool Matches(ReadOnlySpan<byte> head, string name) =>
        head.StartsWith(Hdf5Signature.Bytes) || FileNames.HasExtension(name, ".h5") || FileNames.HasExtension(name, ".hdf5");

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        var (stream, owned) = OpenSeekable(content, context);
        if (stream is null)
        {
            return;
        }
        try
        {
            ScanSeekable(stream, content, context, cancellationToken);
        }
        finally
        {
            if (owned)
            {
                stream.Dispose();
            }
        }
    }

    private void ScanSeekable(Stream stream, ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        if (Hdf5Signature.Find(stream) < 0)
        {
            context.Notice(NoticeLevel.Info, content.Location, $"{Name}: no HDF5 signature; not analyzed");
            return;
        }
        foreach (var (attribute, json) in Hdf5Attributes.ReadStrings(stream, ConfigAttributes, context, content.Location, Name))
        {
            var where = content.Location;
            using var document = KerasJson.Parse(json, context, where, $"{Name} {attribute}");
            if (document is null)
            {
                continue;
            }
            try
            {
                new KerasConfigInspector(context, where, $"h5 {attribute} module", cancellationToken).Inspect(document.RootElement);
            }
            catch (ScanExpiredException)
            {
                context.Notice(NoticeLevel.Warning, where, $"{Name}: time budget spent; the rest was not analyzed");
                return;
            }
        }
    }

    /// <summary>
    /// A seekable stream whose position 0 is the content's first byte, and whether this format opened it (and
    /// must close it); null (with a notice) when the content is too large to buffer.
    /// </summary>
    private (Stream? Stream, bool Owned) OpenSeekable(ModelContent content, ModelScanContext context)
    {
        if (content.Stream is { CanSeek: true, Position: 0 })
        {
            return (content.Stream, false);
        }
        if (content.DiskPath is { } path)
        {
            return (File.OpenRead(path), true);
        }
        if (content.Length > context.Limits.MaxMetadataBytes)
        {
            context.Notice(NoticeLevel.Info, content.Location, $"{Name}: {content.Length} bytes inside an archive; too large to buffer for HDF5 reading, model_config not checked");
            return (null, false);
        }
        var bytes = KerasJson.ReadBounded(content.Stream, context, content.Location, Name);
        return (bytes is null ? null : new MemoryStream(bytes, writable: false), true);
    }
}
