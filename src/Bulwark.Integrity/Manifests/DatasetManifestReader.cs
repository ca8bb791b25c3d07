using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.Manifests;

/// <summary>
/// Loads a dataset manifest strictly: bounded size, depth and count; no unknown or duplicate properties;
/// safe relative paths in sorted unique order; well-formed digests; and a root digest that matches the files.
/// A bad manifest is an error value naming the file and the line/column or the JSON path, never an exception.
/// </summary>
internal static class DatasetManifestReader
{
    public const long MaxBytes = 256L * 1024 * 1024;
    public const int MaxFiles = 2_000_000;
    public const int MaxPathLength = 4096;

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static DatasetManifestLoad Load(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxBytes)
            {
                return DatasetManifestLoad.Failed($"{file}: larger than {MaxBytes} bytes");
            }
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return Parse(bytes, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DatasetManifestLoad.Failed($"{file}: cannot read: {e.Message}");
        }
    }

    public static DatasetManifestLoad Parse(ReadOnlyMemory<byte> json, string source)
    {
        if (json.Length > MaxBytes)
        {
            return DatasetManifestLoad.Failed($"{source}: larger than {MaxBytes} bytes");
        }
        // JsonDocument does not validate string contents, and reading a bad string later would throw.
        if (!Utf8.IsValid(json.Span))
        {
            var (line, column) = FirstInvalidUtf8(json.Span);
            return DatasetManifestLoad.Failed($"{source}: line {line}, column {column}: not valid UTF-8");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            return DatasetManifestLoad.Failed($"{source}: line {e.LineNumber + 1}, column {e.BytePositionInLine + 1}: invalid JSON: {FirstSentence(e.Message)}");
        }
        using (document)
        {
            var error = Read(document.RootElement, out var manifest);
            return error is null ? new DatasetManifestLoad(manifest, null) : DatasetManifestLoad.Failed($"{source}: {error}");
        }
    }

    private static string? Read(JsonElement root, out DatasetManifest? manifest)
    {
        manifest = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the manifest must be a JSON object";
        }
        int? version = null;
        string? algorithm = null, created = null;
        byte[]? rootDigest = null;
        List<FileEntry>? files = null;
        foreach (var property in root.EnumerateObject())
        {
            var error = property.Name switch
            {
                "version" => property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var v) ? Set(out version, v) : "version: expected an integer",
                "algorithm" => property.Value.ValueKind == JsonValueKind.String ? Set(out algorithm, property.Value.GetString()) : "algorithm: expected a string",
                "rootDigest" => Digest(property.Value, "rootDigest", out rootDigest),
                "created" => property.Value.ValueKind == JsonValueKind.String ? Set(out created, property.Value.GetString()) : "created: expected a string",
                "files" => DatasetManifestFiles.Read(property.Value, out files),
                _ => $"unknown property '{property.Name}'",
            };
            if (error is not null)
            {
                return error;
            }
        }
        if (version != DatasetManifest.CurrentVersion)
        {
            return version is null ? "version: missing" : $"version: {version} is not supported (expected {DatasetManifest.CurrentVersion})";
        }
        if (algorithm != DatasetManifest.Sha256)
        {
            return algorithm is null ? "algorithm: missing" : $"algorithm: '{algorithm}' is not supported (expected sha256)";
        }
        if (rootDigest is null || files is null || created is null)
        {
            return $"{(rootDigest is null ? "rootDigest" : files is null ? "files" : "created")}: missing";
        }
        if (!DateTimeOffset.TryParseExact(created, DatasetManifestWriter.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var createdAt))
        {
            return $"created: '{created}' is not a UTC timestamp like 2025-01-31T12:00:00.0000000Z";
        }
        if (!rootDigest.AsSpan().SequenceEqual(DatasetManifests.RootDigest(files)))
        {
            return "rootDigest: does not match the digests of the files";
        }
        manifest = new DatasetManifest(version.Value, algorithm, rootDigest, files, createdAt);
        return null;
    }

    private static string? Set<T>(out T target, T value)
    {
        target = value;
        return null;
    }

    /// <summary>A 64-character lowercase hex SHA-256 digest.</summary>
    internal static string? Digest(JsonElement value, string where, out byte[]? digest)
    {
        digest = null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        if (text.Length != 64 || text.AsSpan().ContainsAnyExcept(LowerHex))
        {
            return $"{where}: expected 64 lowercase hex characters";
        }
        digest = Convert.FromHexString(text);
        return null;
    }

    private static (int Line, int Column) FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        int line = 1, column = 1, offset = 0;
        while (Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) == OperationStatus.Done)
        {
            (line, column) = text[offset] == (byte)'\n' ? (line + 1, 1) : (line, column + consumed);
            offset += consumed;
        }
        return (line, column);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
