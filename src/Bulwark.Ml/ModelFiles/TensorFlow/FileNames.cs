namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>The last segment of a file or archive member name, with either separator.</summary>
internal static class FileNames
{
    public static ReadOnlySpan<char> Last(string name)
    {
        var span = name.AsSpan();
        return span[(span.LastIndexOfAny('/', '\\') + 1)..];
    }

    public static bool Is(string name, string fileName) => Last(name).Equals(fileName, StringComparison.OrdinalIgnoreCase);

    public static bool HasExtension(string name, string extension) => Last(name).EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
