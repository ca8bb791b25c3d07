using System.IO.Compression;
using Bulwark.Scanning.Dependencies.Advisories;

namespace Bulwark.Scanning.Dependencies.Database;

/// <summary>
/// Reads the JSON documents of an OSV <c>all.zip</c> archive or of a folder of <c>*.json</c> files. A damaged
/// archive (truncated, bad checksum, unreadable entry) throws <see cref="AdvisoryDatabaseException"/> so the
/// caller can abandon the import before it touches the current index.
/// </summary>
internal static class OsvArchiveReader
{
    /// <summary>More documents than any ecosystem has today by two orders of magnitude.</summary>
    public const int MaxDocuments = 5_000_000;

    public static IEnumerable<OsvDocument> Read(string path, Action<string, string> skipped)
    {
        if (Directory.Exists(path))
        {
            return ReadFolder(path, skipped);
        }
        if (File.Exists(path))
        {
            return ReadZip(path, skipped);
        }
        throw new AdvisoryDatabaseException($"{path}: no such file or folder");
    }

    private static IEnumerable<OsvDocument> ReadZip(string path, Action<string, string> skipped)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new AdvisoryDatabaseException($"{path}: not a readable zip archive ({ex.Message}); the current database is unchanged", ex);
        }
        using (archive)
        {
            var count = 0;
            foreach (var entry in archive.Entries)
            {
                if (!entry.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (++count > MaxDocuments)
                {
                    throw new AdvisoryDatabaseException($"{path}: more than {MaxDocuments:N0} documents; refusing to import");
                }
                if (entry.Length > OsvAdvisoryParser.MaxDocumentBytes)
                {
                    skipped(entry.FullName, $"larger than {OsvAdvisoryParser.MaxDocumentBytes:N0} bytes");
                    continue;
                }
                byte[] content;
                try
                {
                    content = ReadEntry(entry);
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException)
                {
                    throw new AdvisoryDatabaseException($"{path}: entry {entry.FullName} is damaged ({ex.Message}); the current database is unchanged", ex);
                }
                yield return new OsvDocument(entry.FullName, content);
            }
        }
    }

    /// <summary>
    /// Reads exactly the declared length into one array, then checks the stream really ends there (a lying
    /// header is damage); the CRC is checked when the stream reaches its end.
    /// </summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var content = new byte[entry.Length];
        stream.ReadExactly(content);
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) != 0)
        {
            throw new InvalidDataException("entry is larger than its header says");
        }
        return content;
    }

    private static IEnumerable<OsvDocument> ReadFolder(string path, Action<string, string> skipped)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(path, "*.json", options).Order(StringComparer.Ordinal))
        {
            if (++count > MaxDocuments)
            {
                throw new AdvisoryDatabaseException($"{path}: more than {MaxDocuments:N0} documents; refusing to import");
            }
            var name = Path.GetRelativePath(path, file);
            var info = new FileInfo(file);
            if (info.Length > OsvAdvisoryParser.MaxDocumentBytes)
            {
                skipped(name, $"larger than {OsvAdvisoryParser.MaxDocumentBytes:N0} bytes");
                continue;
            }
            byte[] content;
            try
            {
                content = File.ReadAllBytes(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                skipped(name, $"cannot read ({ex.Message})");
                continue;
            }
            yield return new OsvDocument(name, content);
        }
    }
}
