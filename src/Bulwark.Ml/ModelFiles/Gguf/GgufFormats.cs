namespace Bulwark.Ml.ModelFiles.Gguf;

/// <summary>The GGUF format, for the format registry.</summary>
internal static class GgufFormats
{
    public static IReadOnlyList<IModelFormat> All { get; } = [new GgufFormat()];
}
