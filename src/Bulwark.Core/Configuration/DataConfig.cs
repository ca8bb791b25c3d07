using Tomlyn.Model;
using static Bulwark.Core.Configuration.TomlReading;

namespace Bulwark.Core.Configuration;

/// <summary>
/// The <c>[data]</c> section of bulwark.toml (<c>bulwark data check</c>, <c>bulwark drift</c>): thresholds by the
/// names documented in docs/data-checks.md. A key left out keeps the built-in default; ranges are checked by the
/// data gate, which names the key in its error.
/// </summary>
public sealed record DataConfig
{
    /// <summary>Every numeric key the table accepts.</summary>
    public static readonly IReadOnlyList<string> NumberKeys =
    [
        "alpha", "ks_error", "ks_warning", "psi_error", "psi_warning", "correlation_error", "correlation_warning",
        "label_shift_error", "label_shift_warning", "label_noise_neighbours", "label_noise_confidence", "label_noise_excess",
        "near_duplicate_epsilon", "duplicate_excess", "outlier_z", "outlier_range_margin", "backdoor_min_rows",
        "backdoor_max_share", "backdoor_purity", "sample_rows", "label_noise_rows", "label_noise_reference_rows",
    ];

    /// <summary>Default threshold for <c>data check</c> (the command's default is high).</summary>
    public string? FailOn { get; init; }

    public string? LabelColumn { get; init; }

    public string? TextColumn { get; init; }

    /// <summary>The numeric thresholds that were set, by key.</summary>
    public IReadOnlyDictionary<string, double> Numbers { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<string> DisableRules { get; init; } = [];

    internal static DataConfig Read(TomlTable? table, string where)
    {
        if (table is null)
        {
            return new DataConfig();
        }
        RejectUnknownKeys(table, where, [.. NumberKeys, "fail_on", "label_column", "text_column", "disable_rules"]);
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var key in NumberKeys)
        {
            if (GetNumber(table, key, where) is { } value)
            {
                numbers[key] = value;
            }
        }
        var failOn = GetString(table, "fail_on", where);
        if (failOn is not null && !Findings.SeverityNames.TryParse(failOn, out _))
        {
            throw new ConfigException($"{where}: 'fail_on' must be one of {string.Join(", ", Findings.SeverityNames.All)} (got '{failOn}')");
        }
        return new DataConfig
        {
            FailOn = failOn,
            LabelColumn = GetString(table, "label_column", where),
            TextColumn = GetString(table, "text_column", where),
            Numbers = numbers,
            DisableRules = GetStrings(table, "disable_rules", where),
        };
    }
}
