using System.Globalization;
using System.Text.Json;

namespace Bulwark.Integrity.Manifests;

/// <summary>
/// Writes a dataset manifest as indented JSON with a fixed property order, lowercase hex digests and a UTC
/// timestamp with seven fraction digits, so the same manifest always gives the same bytes.
/// </summary>
internal static class DatasetManifestWriter
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static byte[] Write(DatasetManifest manifest)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", manifest.Version);
            json.WriteString("algorithm", manifest.Algorithm);
            json.WriteString("rootDigest", Convert.ToHexStringLower(manifest.RootDigest));
            json.WriteString("created", manifest.Created.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));
            json.WriteStartArray("files");
            foreach (var file in manifest.Files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteNumber("size", file.Size);
                json.WriteString("sha256", Convert.ToHexStringLower(file.Sha256));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }
}
