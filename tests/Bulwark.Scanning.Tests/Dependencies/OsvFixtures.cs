using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Bulwark.Scanning.Tests.Dependencies;

/// <summary>Builds small OSV advisories and archives for tests, in the shape osv.dev publishes.</summary>
internal static class OsvFixtures
{
    /// <summary>
    /// An advisory affecting one package; <paramref name="events"/> are (kind, version) pairs such as
    /// ("introduced", "0"), ("fixed", "1.2.3").
    /// </summary>
    public static string Advisory(
        string id,
        string ecosystem,
        string name,
        (string Kind, string Version)[] events,
        string rangeType = "ECOSYSTEM",
        string[]? aliases = null,
        string? summary = null,
        string? cvss = null,
        string? databaseSeverity = null,
        string? withdrawn = null,
        string modified = "2024-06-01T00:00:00Z",
        string[]? versions = null)
    {
        var range = new JsonObject
        {
            ["type"] = rangeType,
            ["events"] = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject { [e.Kind] = e.Version })]),
        };
        var affected = new JsonObject
        {
            ["package"] = new JsonObject { ["ecosystem"] = ecosystem, ["name"] = name },
            ["ranges"] = new JsonArray(range),
        };
        if (versions is not null)
        {
            affected["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)JsonValue.Create(v))]);
        }
        var root = new JsonObject
        {
            ["schema_version"] = "1.6.0",
            ["id"] = id,
            ["modified"] = modified,
            ["published"] = "2024-01-01T00:00:00Z",
            ["aliases"] = new JsonArray([.. (aliases ?? []).Select(a => (JsonNode)JsonValue.Create(a))]),
            ["summary"] = summary ?? $"Vulnerability in {name}",
            ["affected"] = new JsonArray(affected),
        };
        if (cvss is not null)
        {
            var type = cvss.StartsWith("CVSS:4", StringComparison.Ordinal) ? "CVSS_V4" : "CVSS_V3";
            root["severity"] = new JsonArray(new JsonObject { ["type"] = type, ["score"] = cvss });
        }
        if (databaseSeverity is not null)
        {
            root["database_specific"] = new JsonObject { ["severity"] = databaseSeverity };
        }
        if (withdrawn is not null)
        {
            root["withdrawn"] = withdrawn;
        }
        return root.ToJsonString();
    }

    /// <summary>Writes advisories into a zip laid out like osv.dev's <c>all.zip</c> (one <c>ID.json</c> per advisory).</summary>
    public static string Zip(string path, params string[] advisories)
    {
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var json in advisories)
        {
            var id = JsonNode.Parse(json)!["id"]!.GetValue<string>();
            using var writer = new StreamWriter(archive.CreateEntry(id + ".json").Open());
            writer.Write(json);
        }
        return path;
    }

    public static string PyPIArchive => System.IO.Path.Combine(Bulwark.Tests.Shared.RepositoryPaths.Shared, "osv", "PyPI-all.zip");
}
