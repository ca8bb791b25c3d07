namespace Bulwark.Ml.ModelFiles.Joblib;

/// <summary>
/// The joblib area's formats. Uncompressed joblib files are pickles (the pickle format handles their inline
/// arrays); compressed ones are unwrapped here.
/// </summary>
internal static class JoblibFormats
{
    public static IReadOnlyList<IModelFormat> All { get; } = [new JoblibCompressedFormat()];
}
