namespace Bulwark.Ml.ModelFiles.NumPy;

/// <summary>The NumPy area's formats, for the lead's format registry.</summary>
internal static class NumpyFormats
{
    public static IReadOnlyList<IModelFormat> All { get; } = [new NumpyFormat()];
}
