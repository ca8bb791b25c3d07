namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>The pickle area's formats, for the lead's format registry.</summary>
internal static class PickleFormats
{
    public static IReadOnlyList<IModelFormat> All { get; } = [new PickleFormat()];
}
