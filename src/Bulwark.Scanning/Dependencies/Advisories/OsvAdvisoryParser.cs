using System.Globalization;
using System.Text.Json;

namespace Bulwark.Scanning.Dependencies.Advisories;

/// <summary>
/// Reads one OSV JSON document into an <see cref="Advisory"/>. Keeps only the affected entries of ecosystems
/// Bulwark audits; the others are counted so an import can say what it skipped.
/// </summary>
internal static class OsvAdvisoryParser
{
    /// <summary>OSV documents are small; anything larger is not an advisory.</summary>
    public const int MaxDocumentBytes = 8 << 20;

    private const int MaxSummaryChars = 300;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowTrailingCommas = false };

    /// <summary>Parses <paramref name="utf8"/>; throws <see cref="OsvFormatException"/> with the reason when it is not a usable advisory.</summary>
    public static OsvParseResult Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Length > MaxDocumentBytes)
        {
            throw new OsvFormatException($"larger than {MaxDocumentBytes:N0} bytes");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException ex)
        {
            throw new OsvFormatException($"invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}");
        }
        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // JsonDocument checks a string's UTF-8 only when it is read.
                throw new OsvFormatException("invalid UTF-8 in a string");
            }
        }
    }

    private static OsvParseResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new OsvFormatException("not a JSON object");
        }
        var id = String(root, "id");
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new OsvFormatException("no \"id\"");
        }
        var skipped = new List<string>();
        var affected = new List<AffectedPackage>();
        foreach (var entry in Array(root, "affected"))
        {
            if (ReadAffected(entry) is { } package)
            {
                affected.Add(package);
            }
            else if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("package", out var p) && p.ValueKind == JsonValueKind.Object)
            {
                skipped.Add(String(p, "ecosystem") ?? "(none)");
            }
        }
        var advisory = new Advisory
        {
            Id = id,
            Aliases = Strings(root, "aliases"),
            Summary = Summarize(String(root, "summary"), String(root, "details")),
            Modified = Date(root, "modified"),
            Published = Date(root, "published"),
            Withdrawn = Date(root, "withdrawn"),
            Severity = Severities(root),
            DatabaseSeverity = root.TryGetProperty("database_specific", out var db) && db.ValueKind == JsonValueKind.Object ? String(db, "severity") : null,
            Affected = affected,
        };
        return new OsvParseResult(advisory, skipped);
    }

    private static AffectedPackage? ReadAffected(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("package", out var package) || package.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var ecosystemText = String(package, "ecosystem");
        var name = String(package, "name");
        // "Maven:https://…" or "Debian:11": the part before ':' names the ecosystem.
        var ecosystem = ecosystemText is null ? null : Ecosystems.Canonical(ecosystemText.Split(':', 2)[0]);
        if (ecosystem is null || string.IsNullOrWhiteSpace(name) || ecosystem == Ecosystems.Conda)
        {
            return null;
        }
        var ranges = new List<AffectedRange>();
        foreach (var range in Array(entry, "ranges"))
        {
            if (ReadRange(range) is { } parsed)
            {
                ranges.Add(parsed);
            }
        }
        return new AffectedPackage
        {
            Ecosystem = ecosystem,
            Name = name,
            Ranges = ranges,
            Versions = Strings(entry, "versions"),
            Severity = Severities(entry),
        };
    }

    private static AffectedRange? ReadRange(JsonElement range)
    {
        if (range.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        RangeType? type = String(range, "type") switch
        {
            "ECOSYSTEM" => RangeType.Ecosystem,
            "SEMVER" => RangeType.Semver,
            "GIT" => RangeType.Git,
            _ => null,
        };
        if (type is null or RangeType.Git)
        {
            // Git ranges name commits, which a registry version never matches.
            return null;
        }
        var events = new List<RangeEvent>();
        foreach (var e in Array(range, "events"))
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var property in e.EnumerateObject())
            {
                RangeEventKind? kind = property.Name switch
                {
                    "introduced" => RangeEventKind.Introduced,
                    "fixed" => RangeEventKind.Fixed,
                    "last_affected" => RangeEventKind.LastAffected,
                    "limit" => RangeEventKind.Limit,
                    _ => null,
                };
                if (kind is { } k && property.Value.ValueKind == JsonValueKind.String)
                {
                    events.Add(new RangeEvent(k, property.Value.GetString()!));
                }
            }
        }
        return new AffectedRange(type.Value, events);
    }

    private static List<SeverityScore> Severities(JsonElement element)
    {
        var list = new List<SeverityScore>();
        foreach (var s in Array(element, "severity"))
        {
            if (s.ValueKind == JsonValueKind.Object && String(s, "type") is { } type && String(s, "score") is { } score)
            {
                list.Add(new SeverityScore(type, score));
            }
        }
        return list;
    }

    private static string Summarize(string? summary, string? details)
    {
        var text = !string.IsNullOrWhiteSpace(summary) ? summary : details ?? "";
        text = string.Join(' ', text.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        if (string.IsNullOrWhiteSpace(summary))
        {
            // Details are long prose; their first sentence is the summary people need.
            var stop = text.IndexOf(". ", StringComparison.Ordinal);
            if (stop > 0)
            {
                text = text[..(stop + 1)];
            }
        }
        return text.Length <= MaxSummaryChars ? text : string.Concat(text.AsSpan(0, MaxSummaryChars - 1), "…");
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Strings(JsonElement element, string name)
    {
        var list = new List<string>();
        foreach (var item in Array(element, name))
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                list.Add(item.GetString()!);
            }
        }
        return list;
    }

    private static DateTimeOffset? Date(JsonElement element, string name) =>
        String(element, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;
}

/// <summary>An advisory and the ecosystems of the affected entries that were left out.</summary>
internal sealed record OsvParseResult(Advisory Advisory, IReadOnlyList<string> SkippedEcosystems);

/// <summary>An OSV document that cannot be used; the message says why (the caller adds the file name).</summary>
internal sealed class OsvFormatException(string message) : Exception(message);
