using System.Text.Json;
using Bulwark.Core.Files;
using Bulwark.Core.Findings;

namespace Bulwark.Core.Policy;

/// <summary>
/// Known findings, by fingerprint, that a team has accepted. A scan with <c>--baseline</c> reports only
/// findings not in it; <c>--write-baseline</c> records the current findings. The file holds no secrets:
/// only fingerprints (one-way), rule ids and paths.
/// </summary>
public sealed class Baseline
{
    private const int FormatVersion = 1;
    private const long MaxFileBytes = 64L << 20;
    private readonly HashSet<string> _fingerprints;

    private Baseline(HashSet<string> fingerprints) => _fingerprints = fingerprints;

    public int Count => _fingerprints.Count;

    public bool Contains(Finding finding) => _fingerprints.Contains(finding.Fingerprint);

    public static Baseline FromFindings(IEnumerable<Finding> findings) =>
        new(findings.Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal));

    /// <exception cref="BaselineException">The file is missing, too large or not a Bulwark baseline.</exception>
    public static Baseline Load(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new BaselineException($"{path}: baseline file not found");
            }
            if (info.Length > MaxFileBytes)
            {
                throw new BaselineException($"{path}: baseline file is larger than {MaxFileBytes >> 20} MiB");
            }
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("fingerprints", out var list)
                || list.ValueKind != JsonValueKind.Array)
            {
                throw new BaselineException($"{path}: not a Bulwark baseline (expected an object with a \"fingerprints\" array)");
            }
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in list.EnumerateArray())
            {
                var fingerprint = entry.ValueKind switch
                {
                    JsonValueKind.String => entry.GetString(),
                    JsonValueKind.Object when entry.TryGetProperty("fingerprint", out var f) && f.ValueKind == JsonValueKind.String => f.GetString(),
                    _ => null,
                };
                if (fingerprint is not null)
                {
                    set.Add(fingerprint);
                }
            }
            return new Baseline(set);
        }
        catch (JsonException ex)
        {
            throw new BaselineException($"{path}:{ex.LineNumber + 1}:{ex.BytePositionInLine + 1}: invalid JSON in baseline: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            // JsonElement.GetString on a string that is not valid UTF-8.
            throw new BaselineException($"{path}: invalid text in baseline: {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new BaselineException($"{path}: cannot read baseline: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new BaselineException($"{path}: cannot read baseline: {ex.Message}");
        }
    }

    /// <summary>Writes the baseline atomically (temporary file, then rename) so a crash never leaves half a file.</summary>
    public static void Write(string path, IEnumerable<Finding> findings) => AtomicFile.Write(path, stream =>
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("version", FormatVersion);
        json.WriteString("tool", ToolInfo.Name);
        json.WriteStartArray("fingerprints");
        foreach (var finding in findings.DistinctBy(f => f.Fingerprint).OrderBy(f => f.Location.Path, StringComparer.Ordinal).ThenBy(f => f.Fingerprint, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("fingerprint", finding.Fingerprint);
            json.WriteString("ruleId", finding.RuleId);
            json.WriteString("path", finding.Location.Path);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    });
}

public sealed class BaselineException(string message) : Exception(message);
