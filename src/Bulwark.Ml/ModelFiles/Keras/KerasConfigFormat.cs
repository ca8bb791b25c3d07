using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.TensorFlow;

namespace Bulwark.Ml.ModelFiles.Keras;

/// <summary>
/// JSON model configs: a <c>.keras</c> archive's <c>config.json</c> member (the zip format hands it over),
/// Keras 2 <c>model.to_json()</c> files, and Hugging Face <c>*config.json</c> files with <c>auto_map</c>.
/// Claimed by name (<c>*config.json</c>, or any <c>.json</c> whose head names a <c>class_name</c>) and by content
/// (the first non-blank byte opens an object).
/// </summary>
internal sealed class KerasConfigFormat : IModelFormat
{
    public string Name => "keras-config";

    public bool Matches(ReadOnlySpan<byte> head, string name)
    {
        var text = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        text = text.TrimStart(" \t\r\n"u8);
        if (text.IsEmpty || text[0] != (byte)'{')
        {
            return false;
        }
        return FileNames.HasExtension(name, "config.json") || (FileNames.HasExtension(name, ".json") && head.IndexOf("\"class_name\""u8) >= 0);
    }

    public void Scan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
    {
        if (KerasJson.ReadBounded(content.Stream, context, content.Location, Name) is not { } bytes)
        {
            return;
        }
        var json = bytes.AsMemory();
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }
        using var document = KerasJson.Parse(json, context, content.Location, Name);
        if (document is null)
        {
            return;
        }
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("auto_map", out var autoMap))
        {
            HuggingFaceAutoMap.Inspect(autoMap, context, content.Location);
        }
        try
        {
            new KerasConfigInspector(context, content.Location, $"{FileNames.Last(content.Name)} module", cancellationToken).Inspect(document.RootElement);
        }
        catch (ScanExpiredException)
        {
            context.Notice(NoticeLevel.Warning, content.Location, $"{Name}: time budget spent; the rest was not analyzed");
        }
    }
}
