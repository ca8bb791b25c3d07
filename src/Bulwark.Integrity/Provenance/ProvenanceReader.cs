using System.Globalization;
using System.Text.Json;
using Bulwark.Integrity.Sigstore;
using static Bulwark.Integrity.Sigstore.JsonStrict;

namespace Bulwark.Integrity.Provenance;

/// <summary>
/// Reads a SLSA v1 provenance statement from a DSSE payload: bounded size, depth and counts, exact JSON types for the
/// fields it uses, duplicate keys refused. Unknown predicate fields are allowed (other builders add their own). Never
/// throws on bad content.
/// </summary>
internal static class ProvenanceReader
{
    public const int MaxStatementBytes = 8 * 1024 * 1024;
    public const int MaxSubjects = 10_000;
    private const int MaxDigests = 32;

    public static (ProvenanceStatement? Statement, string? Error) Read(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxStatementBytes)
        {
            return (null, $"the statement is larger than {MaxStatementBytes} bytes");
        }
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), DocumentOptions);
            return (ReadStatement(document.RootElement), null);
        }
        catch (JsonException ex)
        {
            return (null, "the statement is " + ErrorFor(ex));
        }
        catch (InvalidOperationException)
        {
            return (null, "the statement holds text that is not valid UTF-8");
        }
        catch (InvalidBundleException ex)
        {
            return (null, ex.Message);
        }
    }

    private static ProvenanceStatement ReadStatement(JsonElement root)
    {
        ExpectObject(root, "statement");
        var type = String(root, "_type", "statement");
        if (type != ProvenanceStatement.StatementType)
        {
            throw new InvalidBundleException($"statement._type is '{type}', expected '{ProvenanceStatement.StatementType}'");
        }
        var predicateType = String(root, "predicateType", "statement");
        if (predicateType != ProvenanceStatement.PredicateType)
        {
            throw new InvalidBundleException($"statement.predicateType is '{predicateType}', expected '{ProvenanceStatement.PredicateType}'");
        }
        var subjects = ReadSubjects(Array(root, "subject", "statement"));
        var predicate = Object(root, "predicate", "statement");
        var definition = Object(predicate, "buildDefinition", "predicate");
        var buildType = String(definition, "buildType", "predicate.buildDefinition");
        var external = Object(definition, "externalParameters", "predicate.buildDefinition");
        var source = Optional(external, "source", JsonValueKind.Object, "predicate.buildDefinition.externalParameters") is { } s
            ? ReadSource(s, "predicate.buildDefinition.externalParameters.source")
            : null;
        var run = Object(predicate, "runDetails", "predicate");
        var builderId = String(Object(run, "builder", "predicate.runDetails"), "id", "predicate.runDetails.builder");
        var metadata = Optional(run, "metadata", JsonValueKind.Object, "predicate.runDetails");
        return new ProvenanceStatement(subjects, buildType, source, builderId,
            metadata is { } m ? OptionalString(m, "invocationId", "predicate.runDetails.metadata") : null,
            metadata is { } started ? Timestamp(started, "startedOn") : null,
            metadata is { } finished ? Timestamp(finished, "finishedOn") : null);
    }

    /// <summary>An in-toto statement's <c>subject</c> array; a subject without a SHA-256 digest gets a null one.</summary>
    internal static List<ProvenanceSubject> ReadSubjects(JsonElement array)
    {
        var count = array.GetArrayLength();
        if (count is 0 or > MaxSubjects)
        {
            throw new InvalidBundleException($"statement.subject must hold 1 to {MaxSubjects} entries, found {count}");
        }
        var subjects = new List<ProvenanceSubject>(count);
        foreach (var entry in array.EnumerateArray())
        {
            ExpectObject(entry, "statement.subject[]");
            var name = OptionalString(entry, "name", "statement.subject[]") ?? "";
            var digest = ReadDigest(Object(entry, "digest", "statement.subject[]"), "statement.subject[].digest");
            byte[]? sha256 = null;
            if (digest.TryGetValue("sha256", out var hex))
            {
                sha256 = hex.Length == 64 && IsHex(hex)
                    ? Convert.FromHexString(hex)
                    : throw new InvalidBundleException($"statement.subject[] '{name}' has a sha256 digest that is not 64 hex digits");
            }
            subjects.Add(new ProvenanceSubject(name, sha256));
        }
        return subjects;
    }

    private static ProvenanceSource ReadSource(JsonElement source, string where) =>
        new(String(source, "uri", where), Optional(source, "digest", JsonValueKind.Object, where) is { } d
            ? ReadDigest(d, where + ".digest")
            : new Dictionary<string, string>(StringComparer.Ordinal));

    private static Dictionary<string, string> ReadDigest(JsonElement digest, string where)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in digest.EnumerateObject())
        {
            if (result.Count == MaxDigests)
            {
                throw new InvalidBundleException($"{where} holds more than {MaxDigests} digests");
            }
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidBundleException($"{where}.{property.Name} must be a string");
            }
            result[property.Name] = property.Value.GetString()!;
        }
        return result;
    }

    private static DateTimeOffset? Timestamp(JsonElement metadata, string name)
    {
        if (OptionalString(metadata, name, "predicate.runDetails.metadata") is not { } text)
        {
            return null;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidBundleException($"predicate.runDetails.metadata.{name} '{text}' is not an RFC 3339 timestamp");
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
