namespace Bulwark.Cli.Commands;

/// <summary>Writes a whole file or nothing: a temporary file beside it, then a rename.</summary>
internal static class AtomicFile
{
    public static void Write(string path, byte[] content)
    {
        var full = Path.GetFullPath(path);
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
