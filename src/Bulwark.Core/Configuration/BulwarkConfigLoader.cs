using Tomlyn.Model;
using static Bulwark.Core.Configuration.TomlReading;

namespace Bulwark.Core.Configuration;

/// <summary>Finds and reads <c>bulwark.toml</c>. Unknown keys are errors: a typo must not silently disable a check.</summary>
public static class BulwarkConfigLoader
{
    /// <summary>Reads bulwark.toml from the scan root if there is one; a file path's folder counts as its root.</summary>
    public static BulwarkConfig LoadFromRoot(string scanRoot)
    {
        var folder = Directory.Exists(scanRoot) ? scanRoot : Path.GetDirectoryName(Path.GetFullPath(scanRoot)) ?? ".";
        var path = Path.Combine(folder, BulwarkConfig.FileName);
        return File.Exists(path) ? Load(path) : BulwarkConfig.Empty;
    }

    public static BulwarkConfig Load(string path)
    {
        var table = ParseFile(path);
        RejectUnknownKeys(table, path, "scan", "secrets", "deps", "model", "pipeline", "data", "code", "dast");
        var scan = GetTable(table, "scan", path);
        IReadOnlyList<string> exclude = [];
        if (scan is not null)
        {
            RejectUnknownKeys(scan, $"{path} [scan]", "exclude");
            exclude = GetStrings(scan, "exclude", $"{path} [scan]");
        }
        return new BulwarkConfig
        {
            SourcePath = Path.GetFullPath(path),
            Exclude = exclude,
            Secrets = ReadSecrets(GetTable(table, "secrets", path), $"{path} [secrets]"),
            Deps = ReadDeps(GetTable(table, "deps", path), $"{path} [deps]"),
            Model = ReadModel(GetTable(table, "model", path), $"{path} [model]"),
            Pipeline = ReadPipeline(GetTable(table, "pipeline", path), $"{path} [pipeline]"),
            Data = DataConfig.Read(GetTable(table, "data", path), $"{path} [data]"),
            Code = CodeConfig.Read(GetTable(table, "code", path), $"{path} [code]"),
            Dast = DastConfig.Read(GetTable(table, "dast", path), $"{path} [dast]"),
        };
    }

    private static PipelineAuditConfig ReadPipeline(TomlTable? table, string where)
    {
        if (table is null)
        {
            return new PipelineAuditConfig();
        }
        RejectUnknownKeys(table, where, "fail_on", "exclude", "allowed_owners", "disable_rules");
        var owners = GetStrings(table, "allowed_owners", where);
        foreach (var owner in owners)
        {
            if (owner.Length == 0 || owner.Count(c => c == '/') > 1 || owner.Any(c => char.IsWhiteSpace(c) || c == '@'))
            {
                throw new ConfigException($"{where}: 'allowed_owners' entries are owner or owner/repository (got '{owner}')");
            }
        }
        return new PipelineAuditConfig
        {
            FailOn = ReadFailOn(table, where),
            Exclude = GetStrings(table, "exclude", where),
            AllowedOwners = owners,
            DisableRules = GetStrings(table, "disable_rules", where),
        };
    }

    private static ModelConfig ReadModel(TomlTable? table, string where)
    {
        if (table is null)
        {
            return new ModelConfig();
        }
        RejectUnknownKeys(table, where, "fail_on", "strict", "allow_globals", "exclude");
        var allow = GetStrings(table, "allow_globals", where);
        foreach (var entry in allow)
        {
            var dot = entry.LastIndexOf('.');
            if (dot <= 0 || dot == entry.Length - 1 || entry.Any(char.IsWhiteSpace))
            {
                throw new ConfigException($"{where}: 'allow_globals' entries are module.name or module.* (got '{entry}')");
            }
        }
        return new ModelConfig
        {
            FailOn = ReadFailOn(table, where),
            Strict = GetBoolean(table, "strict", where),
            AllowGlobals = allow,
            Exclude = GetStrings(table, "exclude", where),
        };
    }

    private static DepsConfig ReadDeps(TomlTable? table, string where)
    {
        if (table is null)
        {
            return new DepsConfig();
        }
        RejectUnknownKeys(table, where, "fail_on", "exclude", "max_database_age_days", "ignore_advisories", "skip_development", "database_url");
        var maxAge = GetInteger(table, "max_database_age_days", where);
        if (maxAge is < 0 or > 3650)
        {
            throw new ConfigException($"{where}: 'max_database_age_days' must be between 0 and 3650 (got {maxAge})");
        }
        var url = GetString(table, "database_url", where);
        if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            throw new ConfigException($"{where}: 'database_url' must be an http(s) URL (got '{url}')");
        }
        return new DepsConfig
        {
            FailOn = ReadFailOn(table, where),
            Exclude = GetStrings(table, "exclude", where),
            MaxDatabaseAgeDays = (int?)maxAge,
            IgnoreAdvisories = GetStrings(table, "ignore_advisories", where),
            SkipDevelopment = GetBoolean(table, "skip_development", where),
            DatabaseUrl = url,
        };
    }

    private static string? ReadFailOn(TomlTable table, string where)
    {
        var failOn = GetString(table, "fail_on", where);
        if (failOn is not null && !Findings.SeverityNames.TryParse(failOn, out _))
        {
            throw new ConfigException($"{where}: 'fail_on' must be one of {string.Join(", ", Findings.SeverityNames.All)} (got '{failOn}')");
        }
        return failOn;
    }

    private static SecretsConfig ReadSecrets(TomlTable? table, string where)
    {
        if (table is null)
        {
            return new SecretsConfig();
        }
        RejectUnknownKeys(table, where, "fail_on", "max_file_size", "exclude", "config", "disable_rules", "archive_depth");
        return new SecretsConfig
        {
            FailOn = ReadFailOn(table, where),
            MaxFileSize = ReadSize(table, "max_file_size", where),
            Exclude = GetStrings(table, "exclude", where),
            RulesConfig = GetString(table, "config", where),
            DisableRules = GetStrings(table, "disable_rules", where),
            ArchiveDepth = (int?)GetInteger(table, "archive_depth", where),
        };
    }

    private static long? ReadSize(TomlTable table, string key, string where)
    {
        if (!table.TryGetValue(key, out var value))
        {
            return null;
        }
        return value switch
        {
            long bytes when bytes > 0 => bytes,
            string text when ByteSize.TryParse(text, out var bytes) && bytes > 0 => bytes,
            _ => throw new ConfigException($"{where}: '{key}' must be a positive size such as 52428800 or \"50MB\""),
        };
    }
}
