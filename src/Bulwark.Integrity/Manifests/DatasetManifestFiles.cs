using System.Text.Json;
using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.Manifests;

/// <summary>Reads and checks the <c>files</c> array of a dataset manifest.</summary>
internal static class DatasetManifestFiles
{
    public static string? Read(JsonElement value, out List<FileEntry>? files)
    {
        files = null;
        if (value.ValueKind != JsonValueKind.Array)
        {
            return "files: expected an array";
        }
        var count = value.GetArrayLength();
        if (count > DatasetManifestReader.MaxFiles)
        {
            return $"files: {count} entries, more than the limit of {DatasetManifestReader.MaxFiles}";
        }
        var list = new List<FileEntry>(count);
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var where = $"files[{index}]";
            var error = ReadEntry(element, where, out var entry);
            if (error is not null)
            {
                return error;
            }
            if (list.Count > 0 && ResourceNameComparer.Instance.Compare(list[^1].Path, entry!.Path) >= 0)
            {
                return $"{where}.path: '{entry.Path}' is out of order or repeated (paths must be sorted and unique)";
            }
            list.Add(entry!);
            index++;
        }
        if (list.Count > 1 && list[0].Path == ".")
        {
            return "files[0].path: '.' names a single-file dataset and cannot appear with other files";
        }
        files = list;
        return null;
    }

    private static string? ReadEntry(JsonElement element, string where, out FileEntry? entry)
    {
        entry = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"{where}: expected an object";
        }
        string? path = null;
        long? size = null;
        byte[]? sha256 = null;
        foreach (var property in element.EnumerateObject())
        {
            string? error;
            switch (property.Name)
            {
                case "path":
                    path = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    error = path is not null && IsSafePath(path) ? null : $"{where}.path: expected a relative path with '/' separators, no '.' or '..' segments, at most {DatasetManifestReader.MaxPathLength} characters";
                    break;
                case "size":
                    error = property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var s) && s >= 0 ? null : $"{where}.size: expected a non-negative integer";
                    size = error is null ? property.Value.GetInt64() : null;
                    break;
                case "sha256":
                    error = DatasetManifestReader.Digest(property.Value, where + ".sha256", out sha256);
                    break;
                default:
                    error = $"{where}: unknown property '{property.Name}'";
                    break;
            }
            if (error is not null)
            {
                return error;
            }
        }
        if (path is null || size is null || sha256 is null)
        {
            return $"{where}: needs path, size and sha256";
        }
        entry = new FileEntry(path, size.Value, sha256);
        return null;
    }

    private static bool IsSafePath(string path)
    {
        if (path == ".")
        {
            return true;
        }
        if (path.Length is 0 or > DatasetManifestReader.MaxPathLength || path.Contains('\\') || path.Contains('\0'))
        {
            return false;
        }
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan()[range];
            if (segment.IsEmpty || segment is "." or "..")
            {
                return false;
            }
        }
        return true;
    }
}
