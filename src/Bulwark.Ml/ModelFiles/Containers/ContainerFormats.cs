namespace Bulwark.Ml.ModelFiles.Containers;

/// <summary>
/// The container formats. Register them before the pickle format: a legacy PyTorch checkpoint starts with a
/// pickle and must be claimed here, so its raw storages are never parsed as pickle.
/// </summary>
internal static class ContainerFormats
{
    /// <summary>The zip format, for callers that found a zip at the end of a file (<see cref="ZipTailProbe"/>).</summary>
    public static ZipFormat Zip => ZipFormat.Instance;

    public static IReadOnlyList<IModelFormat> All { get; } = [ZipFormat.Instance, new TorchLegacyFormat(), new TarFormat()];
}
