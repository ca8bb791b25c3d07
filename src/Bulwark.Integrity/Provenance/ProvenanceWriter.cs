using System.Globalization;
using System.Text.Json;

namespace Bulwark.Integrity.Provenance;

/// <summary>Renders a <see cref="ProvenanceStatement"/> as indented JSON with the in-toto v1 and SLSA v1.0 field names.</summary>
internal static class ProvenanceWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, IndentSize = 2 };

    public static byte[] Write(ProvenanceStatement statement)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("_type", ProvenanceStatement.StatementType);
            json.WriteStartArray("subject");
            foreach (var subject in statement.Subjects)
            {
                json.WriteStartObject();
                json.WriteString("name", subject.Name);
                json.WriteStartObject("digest");
                if (subject.Sha256 is { } sha256)
                {
                    json.WriteString("sha256", Convert.ToHexStringLower(sha256));
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("predicateType", ProvenanceStatement.PredicateType);
            json.WriteStartObject("predicate");
            WriteBuildDefinition(json, statement);
            WriteRunDetails(json, statement);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteBuildDefinition(Utf8JsonWriter json, ProvenanceStatement statement)
    {
        json.WriteStartObject("buildDefinition");
        json.WriteString("buildType", statement.BuildType);
        json.WriteStartObject("externalParameters");
        if (statement.Source is { } source)
        {
            json.WritePropertyName("source");
            WriteResource(json, source);
        }
        json.WriteEndObject();
        json.WriteStartArray("resolvedDependencies");
        if (statement.Source is { } dependency)
        {
            WriteResource(json, dependency);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRunDetails(Utf8JsonWriter json, ProvenanceStatement statement)
    {
        json.WriteStartObject("runDetails");
        json.WriteStartObject("builder");
        json.WriteString("id", statement.BuilderId);
        json.WriteEndObject();
        json.WriteStartObject("metadata");
        if (statement.InvocationId is { } invocation)
        {
            json.WriteString("invocationId", invocation);
        }
        if (statement.StartedOn is { } started)
        {
            json.WriteString("startedOn", Rfc3339(started));
        }
        if (statement.FinishedOn is { } finished)
        {
            json.WriteString("finishedOn", Rfc3339(finished));
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A SLSA ResourceDescriptor with a URI and a digest set.</summary>
    private static void WriteResource(Utf8JsonWriter json, ProvenanceSource source)
    {
        json.WriteStartObject();
        json.WriteString("uri", source.Uri);
        json.WriteStartObject("digest");
        foreach (var (algorithm, hex) in source.Digest)
        {
            json.WriteString(algorithm, hex);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>RFC 3339 in UTC with a 'Z', as SLSA timestamps must be.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
