using Tomlyn.Model;
using static Bulwark.Core.Configuration.TomlReading;

namespace Bulwark.Core.Configuration;

/// <summary>
/// The <c>[dast]</c> section of bulwark.toml (<c>bulwark dast</c>, <c>uses: bulwark/dast</c>): the scan's limits,
/// paths never to request and extra paths to probe. A key left out keeps the command's default; a command-line
/// flag wins over the key. Every value is checked here, and an error names the key.
/// </summary>
public sealed record DastConfig
{
    public const int MaxPathEntries = 200;
    public const int MaxPathLength = 512;

    /// <summary>fail_on: default threshold (the command's default is high).</summary>
    public string? FailOn { get; init; }

    /// <summary>rate: requests per second, above 0 and at most 10,000.</summary>
    public double? Rate { get; init; }

    /// <summary>max_requests: requests in all, 1 to 1,000,000.</summary>
    public int? MaxRequests { get; init; }

    /// <summary>max_time: seconds for the whole scan, 1 to 86,400.</summary>
    public double? MaxTime { get; init; }

    /// <summary>exclude_paths: URL paths never requested (<c>/logout</c> and everything below it, or a pattern with <c>*</c>).</summary>
    public IReadOnlyList<string> ExcludePaths { get; init; } = [];

    /// <summary>well_known_paths: extra paths probed without credentials; any real answer is an exposed file.</summary>
    public IReadOnlyList<string> WellKnownPaths { get; init; } = [];

    /// <summary>allow_destructive: also send state-changing requests (default false).</summary>
    public bool? AllowDestructive { get; init; }

    internal static DastConfig Read(TomlTable? table, string where)
    {
        if (table is null)
        {
            return new DastConfig();
        }
        RejectUnknownKeys(table, where, "fail_on", "rate", "max_requests", "max_time", "exclude_paths", "well_known_paths", "allow_destructive");
        var failOn = GetString(table, "fail_on", where);
        if (failOn is not null && !Findings.SeverityNames.TryParse(failOn, out _))
        {
            throw new ConfigException($"{where}: 'fail_on' must be one of {string.Join(", ", Findings.SeverityNames.All)} (got '{failOn}')");
        }
        var rate = GetNumber(table, "rate", where);
        if (rate is not null && !(rate > 0 && rate <= 10_000))
        {
            throw new ConfigException($"{where}: 'rate' must be above 0 and at most 10000 requests per second (got {rate})");
        }
        var maxRequests = GetInteger(table, "max_requests", where);
        if (maxRequests is < 1 or > 1_000_000)
        {
            throw new ConfigException($"{where}: 'max_requests' must be between 1 and 1000000 (got {maxRequests})");
        }
        var maxTime = GetNumber(table, "max_time", where);
        if (maxTime is not null && !(maxTime >= 1 && maxTime <= 86_400))
        {
            throw new ConfigException($"{where}: 'max_time' must be between 1 and 86400 seconds (got {maxTime})");
        }
        return new DastConfig
        {
            FailOn = failOn,
            Rate = rate,
            MaxRequests = (int?)maxRequests,
            MaxTime = maxTime,
            ExcludePaths = Paths(table, "exclude_paths", where, allowWildcard: true),
            WellKnownPaths = Paths(table, "well_known_paths", where, allowWildcard: false),
            AllowDestructive = GetBoolean(table, "allow_destructive", where),
        };
    }

    /// <summary>Why <paramref name="path"/> is not a usable URL path (or pattern), or null when it is.</summary>
    public static string? PathProblem(string path, bool allowWildcard)
    {
        if (path.Length is 0 or > MaxPathLength || path[0] != '/')
        {
            return $"must start with '/' and be at most {MaxPathLength} characters";
        }
        if (path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '?' or '#'))
        {
            return "must be a path without spaces, control characters, '?' or '#'";
        }
        if (!allowWildcard && path.Contains('*', StringComparison.Ordinal))
        {
            return "must not contain '*'";
        }
        return path.Split('/').Contains("..") ? "must not contain '..'" : null;
    }

    private static IReadOnlyList<string> Paths(TomlTable table, string key, string where, bool allowWildcard)
    {
        var paths = GetStrings(table, key, where);
        if (paths.Count > MaxPathEntries)
        {
            throw new ConfigException($"{where}: '{key}' has {paths.Count} entries; at most {MaxPathEntries} are allowed");
        }
        for (var i = 0; i < paths.Count; i++)
        {
            if (PathProblem(paths[i], allowWildcard) is { } problem)
            {
                throw new ConfigException($"{where}: '{key}[{i}]' {problem} (got '{paths[i]}')");
            }
        }
        return paths;
    }
}
