using System.Reflection;
using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Tomlyn.Model;
using static Bulwark.Core.Configuration.TomlReading;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Reads a <see cref="GlobalPolicy"/> from TOML (the embedded pickle-policy.toml or a file of the same shape).</summary>
internal static class GlobalPolicyLoader
{
    private const string DefaultResource = "Bulwark.Ml.ModelFiles.Pickle.pickle-policy.toml";

    public static GlobalPolicy LoadDefault()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "pickle-policy.toml");
    }

    /// <summary>Parses policy TOML; a bad entry is a <see cref="ConfigException"/> naming it.</summary>
    public static GlobalPolicy Parse(string toml, string sourceName)
    {
        var table = TomlReading.Parse(toml, sourceName);
        RejectUnknownKeys(table, sourceName, "aliases", "dangerous", "safe", "dangerous-attributes");
        var aliases = ReadStrings(GetTable(table, "aliases", sourceName), $"{sourceName} [aliases]");
        var dangerous = new Dictionary<string, GlobalVerdict>(StringComparer.Ordinal);
        if (GetTable(table, "dangerous", sourceName) is { } dangerTable)
        {
            foreach (var (key, value) in dangerTable)
            {
                var where = $"{sourceName} [dangerous] '{key}'";
                dangerous[key] = value is TomlTable entry
                    ? ReadVerdict(entry, where)
                    : throw new ConfigException($"{where}: must be a table with severity and reason");
            }
        }
        var safeNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var safeModules = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, reason) in ReadStrings(GetTable(table, "safe", sourceName), $"{sourceName} [safe]"))
        {
            if (key.EndsWith(".*", StringComparison.Ordinal))
            {
                safeModules[key[..^2]] = reason;
            }
            else
            {
                safeNames[key] = reason;
            }
        }
        var attributes = GetTable(table, "dangerous-attributes", sourceName) ?? [];
        var attributeWhere = $"{sourceName} [dangerous-attributes]";
        var attributeVerdict = attributes.Count == 0
            ? new GlobalVerdict(GlobalClass.Dangerous, Severity.Critical, "special attribute")
            : ReadVerdict(attributes, attributeWhere);
        return new GlobalPolicy(aliases, dangerous, safeNames, safeModules, GetStrings(attributes, "names", attributeWhere), attributeVerdict);
    }

    private static GlobalVerdict ReadVerdict(TomlTable entry, string where)
    {
        var severityText = GetString(entry, "severity", where) ?? throw new ConfigException($"{where}: 'severity' is required");
        if (!SeverityNames.TryParse(severityText, out var severity))
        {
            throw new ConfigException($"{where}: unknown severity '{severityText}'");
        }
        var reason = GetString(entry, "reason", where) ?? throw new ConfigException($"{where}: 'reason' is required");
        return new GlobalVerdict(GlobalClass.Dangerous, severity, reason);
    }

    private static Dictionary<string, string> ReadStrings(TomlTable? table, string where)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in table ?? [])
        {
            result[key] = value as string ?? throw new ConfigException($"{where} '{key}': must be a string");
        }
        return result;
    }
}
