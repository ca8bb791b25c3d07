namespace Bulwark.Ml.ModelFiles.Safetensors;

/// <summary>The safetensors format, for the format registry.</summary>
internal static class SafetensorsFormats
{
    public static IReadOnlyList<IModelFormat> All { get; } = [new SafetensorsFormat()];
}
