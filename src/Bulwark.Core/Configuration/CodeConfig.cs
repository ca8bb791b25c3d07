using Tomlyn.Model;
using static Bulwark.Core.Configuration.TomlReading;

namespace Bulwark.Core.Configuration;

/// <summary>The <c>[code]</c> section of bulwark.toml (<c>bulwark code scan</c>).</summary>
public sealed record CodeConfig
{
    /// <summary>Default threshold for <c>code scan</c> (the command's default is high).</summary>
    public string? FailOn { get; init; }

    /// <summary>gitignore-style patterns of files to leave out.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Rule ids that never report.</summary>
    public IReadOnlyList<string> DisableRules { get; init; } = [];

    /// <summary>Files larger than this are skipped with a notice (default 5 MB).</summary>
    public long? MaxFileSize { get; init; }

    /// <summary>Reads the section; null or absent gives the defaults.</summary>
    /// <exception cref="ConfigException">An unknown key or a bad value, naming it.</exception>
    public static CodeConfig Read(TomlTable? table, string where)
    {
        if (table is null)
        {
            return new CodeConfig();
        }
        RejectUnknownKeys(table, where, "fail_on", "exclude", "disable_rules", "max_file_size");
        var failOn = GetString(table, "fail_on", where);
        if (failOn is not null && !Findings.SeverityNames.TryParse(failOn, out _))
        {
            throw new ConfigException($"{where}: 'fail_on' must be one of {string.Join(", ", Findings.SeverityNames.All)} (got '{failOn}')");
        }
        long? size = null;
        if (table.TryGetValue("max_file_size", out var value))
        {
            size = value switch
            {
                long bytes when bytes > 0 => bytes,
                string text when ByteSize.TryParse(text, out var bytes) && bytes > 0 => bytes,
                _ => throw new ConfigException($"{where}: 'max_file_size' must be a positive size such as 5242880 or \"5MB\""),
            };
        }
        return new CodeConfig
        {
            FailOn = failOn,
            Exclude = GetStrings(table, "exclude", where),
            DisableRules = GetStrings(table, "disable_rules", where),
            MaxFileSize = size,
        };
    }
}
