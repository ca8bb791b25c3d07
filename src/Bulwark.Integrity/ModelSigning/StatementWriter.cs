using System.Text.Json;
using Bulwark.Integrity.Hashing;

namespace Bulwark.Integrity.ModelSigning;

/// <summary>Renders an <see cref="OmsStatement"/> as the reference does: indented JSON, fields in spec order.</summary>
internal static class StatementWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, IndentSize = 2 };

    public static byte[] Write(OmsStatement statement)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("_type", OmsStatement.StatementType);
            json.WriteStartArray("subject");
            json.WriteStartObject();
            json.WriteString("name", statement.SubjectName);
            json.WriteStartObject("digest");
            json.WriteString("sha256", Convert.ToHexStringLower(statement.SubjectDigest));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("predicateType", OmsStatement.PredicateType);
            json.WriteStartObject("predicate");
            WriteSerialization(json, statement.Serialization);
            json.WriteStartArray("resources");
            foreach (var resource in statement.Resources)
            {
                json.WriteStartObject();
                json.WriteString("name", resource.Name);
                json.WriteString("algorithm", resource.Algorithm);
                json.WriteString("digest", resource.Hex);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteSerialization(Utf8JsonWriter json, OmsSerialization serialization)
    {
        json.WriteStartObject("serialization");
        json.WriteString("method", serialization.Method == SerializationMethod.Shards ? "shards" : "files");
        json.WriteString("hash_type", serialization.HashType);
        json.WriteBoolean("allow_symlinks", serialization.AllowSymlinks);
        if (serialization.Method == SerializationMethod.Shards)
        {
            json.WriteNumber("shard_size", serialization.ShardSize);
        }
        if (serialization.IgnorePaths is { } ignored)
        {
            json.WriteStartArray("ignore_paths");
            foreach (var path in ignored)
            {
                json.WriteStringValue(path);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }
}
