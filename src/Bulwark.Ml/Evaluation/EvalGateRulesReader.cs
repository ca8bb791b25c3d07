using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Tomlyn.Model;
using static Bulwark.Core.Configuration.TomlReading;

namespace Bulwark.Ml.Evaluation;

/// <summary>
/// Reads gate.toml: top-level switches, [defaults] and one [metrics.NAME] table per metric. Unknown keys, wrong types,
/// non-finite or negative allowances and min above max are <see cref="ConfigException"/>s naming the file and key.
/// </summary>
internal static class EvalGateRulesReader
{
    public const int MaxMetrics = 10_000;

    public static EvalGateRules Load(string path) => Read(ParseFile(path), path);

    public static EvalGateRules Read(TomlTable root, string source)
    {
        RejectUnknownKeys(root, source, "require_model", "required_benchmarks", "require_baseline_benchmarks", "defaults", "metrics");
        var defaults = GetTable(root, "defaults", source) ?? new TomlTable();
        var defaultsWhere = $"{source} [defaults]";
        RejectUnknownKeys(defaults, defaultsWhere, "max_regression", "max_relative_regression", "slice_max_regression");
        var metrics = new Dictionary<string, MetricRule>(StringComparer.Ordinal);
        if (GetTable(root, "metrics", source) is { } table)
        {
            if (table.Count > MaxMetrics)
            {
                throw new ConfigException($"{source}: more than {MaxMetrics:N0} [metrics.*] tables");
            }
            foreach (var (name, value) in table)
            {
                var where = $"{source} [metrics.{name}]";
                metrics[name] = ReadMetric(value as TomlTable ?? throw new ConfigException($"{where}: must be a table"), where);
            }
        }
        return new EvalGateRules
        {
            Metrics = metrics,
            RequiredBenchmarks = GetStrings(root, "required_benchmarks", source),
            RequireBaselineBenchmarks = GetBoolean(root, "require_baseline_benchmarks", source) ?? true,
            RequireModel = GetBoolean(root, "require_model", source) ?? false,
            DefaultMaxRegression = Allowance(defaults, "max_regression", defaultsWhere) ?? EvalGateRules.StandardMaxRegression,
            DefaultMaxRelativeRegression = Allowance(defaults, "max_relative_regression", defaultsWhere),
            DefaultSliceMaxRegression = Allowance(defaults, "slice_max_regression", defaultsWhere),
        };
    }

    private static MetricRule ReadMetric(TomlTable table, string where)
    {
        RejectUnknownKeys(table, where, "direction", "min", "max", "max_regression", "max_relative_regression", "slice_min", "slice_max", "slice_max_regression", "severity");
        var direction = GetString(table, "direction", where);
        if (direction is not (null or "higher" or "lower"))
        {
            throw new ConfigException($"{where}: 'direction' must be \"higher\" or \"lower\" (which values are better), not \"{direction}\"");
        }
        Severity? severity = null;
        if (GetString(table, "severity", where) is { } text)
        {
            severity = SeverityNames.TryParse(text, out var parsed)
                ? parsed
                : throw new ConfigException($"{where}: 'severity' must be one of {string.Join(", ", SeverityNames.All)}");
        }
        var rule = new MetricRule(direction is null ? true : direction == "higher")
        {
            Min = Finite(table, "min", where),
            Max = Finite(table, "max", where),
            MaxRegression = Allowance(table, "max_regression", where),
            MaxRelativeRegression = Allowance(table, "max_relative_regression", where),
            SliceMin = Finite(table, "slice_min", where),
            SliceMax = Finite(table, "slice_max", where),
            SliceMaxRegression = Allowance(table, "slice_max_regression", where),
            Severity = severity,
            Declared = true,
        };
        if (rule.Min > rule.Max || rule.SliceMin > rule.SliceMax)
        {
            throw new ConfigException($"{where}: min is above max, so no value could pass");
        }
        return rule;
    }

    private static double? Finite(TomlTable table, string key, string where) => GetNumber(table, key, where) is { } value
        ? double.IsFinite(value) ? value : throw new ConfigException($"{where}: '{key}' must be a finite number")
        : null;

    private static double? Allowance(TomlTable table, string key, string where) => Finite(table, key, where) is { } value
        ? value >= 0 ? value : throw new ConfigException($"{where}: '{key}' must be zero or more (how much worse a metric may get)")
        : null;
}
