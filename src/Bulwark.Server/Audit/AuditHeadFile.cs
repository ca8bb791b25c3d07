namespace Bulwark.Server.Audit;

/// <summary>
/// <c>audit.head</c> in the data directory: the sealed <see cref="AuditHead"/>, replaced atomically after every
/// committed append. It only moves forward, so two processes sharing a data directory can at worst leave it
/// behind the newest entry (weaker, never a false alarm).
/// </summary>
internal static class AuditHeadFile
{
    public const string FileName = "audit.head";

    /// <summary>Longest file accepted: the real line is about 170 bytes.</summary>
    private const int MaxBytes = 1024;

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The anchor, or null when there is no file; <paramref name="problem"/> is set when the file exists but is unreadable.</summary>
    public static AuditHead? Read(string dataDirectory, out string? problem)
    {
        problem = null;
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }
        var info = new FileInfo(path);
        var head = info.Length <= MaxBytes ? AuditHead.Parse(File.ReadAllText(path)) : null;
        if (head is null)
        {
            problem = $"{FileName} is malformed: it was edited or damaged";
        }
        return head;
    }

    public static void Write(string dataDirectory, AuditHead head)
    {
        if (Read(dataDirectory, out _) is { } current && current.Sequence >= head.Sequence)
        {
            return;
        }
        var path = PathIn(dataDirectory);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(head.Format());
                writer.Flush();
                // A crash must leave the old anchor or the new one, never an empty file that reads as tampering.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
