using System.Text.Json;
using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Code;

/// <summary>
/// Reads another analyser's SARIF 2.1.0 (bandit, semgrep, CodeQL …) into findings, and merges them into
/// Bulwark's own: an imported result is dropped when Bulwark already reports the same category at the same
/// file and line (bandit's test ids are mapped to categories), or when an earlier import reported the same
/// rule there. Imported rule ids keep their tool's name: <c>bandit/B301</c>.
/// </summary>
internal static class SarifImport
{
    private const long MaxBytes = 256L << 20;

    /// <summary>Bandit test ids and the Bulwark category each one belongs to.</summary>
    private static readonly Dictionary<string, string> BanditCategories = new(StringComparer.Ordinal)
    {
        ["B301"] = "unsafe-deserialization", ["B302"] = "unsafe-deserialization", ["B506"] = "unsafe-deserialization",
        ["B614"] = "unsafe-deserialization", ["B403"] = "unsafe-deserialization",
        ["B102"] = "code-injection", ["B307"] = "code-injection", ["B602"] = "code-injection", ["B605"] = "code-injection",
        ["B604"] = "code-injection", ["B601"] = "code-injection", ["B609"] = "code-injection", ["B701"] = "code-injection",
        ["B608"] = "sql-injection", ["B610"] = "sql-injection", ["B611"] = "sql-injection",
        ["B202"] = "path-traversal",
        ["B501"] = "tls-disabled", ["B323"] = "tls-disabled", ["B502"] = "tls-disabled", ["B503"] = "tls-disabled", ["B504"] = "tls-disabled",
        ["B201"] = "insecure-serving", ["B104"] = "insecure-serving",
        ["B303"] = "weak-crypto", ["B324"] = "weak-crypto", ["B304"] = "weak-crypto", ["B305"] = "weak-crypto",
        ["B105"] = "hardcoded-credential", ["B106"] = "hardcoded-credential", ["B107"] = "hardcoded-credential",
        ["B615"] = "remote-code",
    };

    /// <summary>Adds the imported results to <paramref name="findings"/> and their rules to <paramref name="rules"/>; returns how many were duplicates.</summary>
    public static int Merge(string sarifPath, string scanRoot, List<Finding> findings, List<RuleDescriptor> rules, List<Notice> notices)
    {
        JsonDocument document;
        try
        {
            var info = new FileInfo(sarifPath);
            if (!info.Exists)
            {
                notices.Add(new Notice(NoticeLevel.Error, sarifPath, "SARIF file to import not found"));
                return 0;
            }
            if (info.Length > MaxBytes)
            {
                notices.Add(new Notice(NoticeLevel.Error, sarifPath, $"SARIF file larger than {MaxBytes} bytes: not imported"));
                return 0;
            }
            using var stream = File.OpenRead(sarifPath);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            notices.Add(new Notice(NoticeLevel.Error, sarifPath, $"cannot import SARIF: {ex.Message}"));
            return 0;
        }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("runs", out var runs) || runs.ValueKind != JsonValueKind.Array)
            {
                notices.Add(new Notice(NoticeLevel.Error, sarifPath, "not a SARIF log: no 'runs' array"));
                return 0;
            }
            var existing = findings.Select(Key).ToHashSet();
            var duplicates = 0;
            foreach (var run in runs.EnumerateArray())
            {
                var tool = Text(run, "tool", "driver", "name") ?? "imported";
                var toolId = tool.ToLowerInvariant().Replace(' ', '-');
                var descriptions = RuleDescriptions(run);
                if (!run.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                foreach (var result in results.EnumerateArray())
                {
                    var finding = ToFinding(result, toolId, scanRoot, descriptions);
                    if (finding is null)
                    {
                        continue;
                    }
                    if (!existing.Add(Key(finding)))
                    {
                        duplicates++;
                        continue;
                    }
                    findings.Add(finding);
                    if (!rules.Any(r => r.Id == finding.RuleId))
                    {
                        rules.Add(new RuleDescriptor(finding.RuleId, finding.Title, finding.Title, finding.Severity, $"Reported by {tool}; see its documentation for {finding.RuleId}.")
                        {
                            Tags = ["security", "imported", finding.Properties.GetValueOrDefault("category", "other")],
                        });
                    }
                }
            }
            notices.Add(new Notice(NoticeLevel.Info, sarifPath, $"imported; {duplicates} result(s) already reported were merged"));
            return duplicates;
        }
    }

    /// <summary>Same file, same line, same category (or same rule, when the category is unknown).</summary>
    private static (string Path, int Line, string What) Key(Finding finding) =>
        (finding.Location.Path, finding.Location.Line, finding.Properties.TryGetValue("category", out var category) && category != "other" ? category : finding.RuleId);

    private static Finding? ToFinding(JsonElement result, string tool, string scanRoot, Dictionary<string, string> descriptions)
    {
        var ruleId = Text(result, "ruleId") ?? "unknown";
        var message = Text(result, "message", "text") ?? ruleId;
        if (!result.TryGetProperty("locations", out var locations) || locations.ValueKind != JsonValueKind.Array || locations.GetArrayLength() == 0)
        {
            return null;
        }
        var physical = locations[0].TryGetProperty("physicalLocation", out var p) ? p : default;
        var uri = physical.ValueKind == JsonValueKind.Object ? Text(physical, "artifactLocation", "uri") : null;
        if (uri is null)
        {
            return null;
        }
        var line = Number(physical, "region", "startLine") ?? 0;
        var column = Number(physical, "region", "startColumn") ?? 1;
        var path = RelativePath(uri, scanRoot);
        var severity = Text(result, "level") switch
        {
            "error" => Severity.High,
            "warning" => Severity.Medium,
            "note" => Severity.Low,
            "none" => Severity.Info,
            _ => Severity.Medium,
        };
        var id = $"{tool}/{ruleId}";
        var category = BanditCategories.TryGetValue(ruleId, out var mapped) && tool == "bandit" ? mapped : "other";
        var title = descriptions.GetValueOrDefault(ruleId, ruleId);
        return new Finding(id, title, severity, new Location(path, line, column, line, column + 1), message,
            Fingerprint.Create(id, path, message), "")
        {
            Properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["category"] = category, ["importedFrom"] = tool },
        };
    }

    private static Dictionary<string, string> RuleDescriptions(JsonElement run)
    {
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (run.TryGetProperty("tool", out var tool) && tool.TryGetProperty("driver", out var driver) && driver.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Array)
        {
            foreach (var rule in rules.EnumerateArray())
            {
                if (Text(rule, "id") is { } id)
                {
                    descriptions[id] = Text(rule, "shortDescription", "text") ?? Text(rule, "name") ?? id;
                }
            }
        }
        return descriptions;
    }

    private static string RelativePath(string uri, string scanRoot)
    {
        var path = uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(new Uri(uri).AbsolutePath) : Uri.UnescapeDataString(uri);
        if (Path.IsPathRooted(path))
        {
            path = Path.GetRelativePath(scanRoot, path);
        }
        path = path.Replace('\\', '/');
        return path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
    }

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static int? Number(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) ? value : null;
    }
}
