using System.Reflection;
using System.Text.RegularExpressions;
using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Tomlyn.Model;
using static Bulwark.Core.Configuration.TomlReading;

namespace Bulwark.Scanning.Secrets;

/// <summary>
/// Loads secret rules from TOML: Bulwark's embedded default rules, and gitleaks-format configurations
/// (rules, allowlists, <c>[extend] useDefault/path/disabledRules</c>) so teams can bring their existing rules.
/// Every pattern becomes a <see cref="RuleRegex"/> here: built-in ones take their build-time compiled form,
/// user ones are compiled with NonBacktracking at load, so a bad pattern fails at start-up naming its rule.
/// </summary>
internal static class SecretRuleLoader
{
    private const string DefaultResource = "Bulwark.Scanning.Secrets.Rules.default-rules.toml";
    private const int MaxExtendDepth = 3;
    private static readonly Lazy<IReadOnlyList<SecretRule>> DefaultRules = new(LoadDefaultRules);

    public static IReadOnlyList<SecretRule> Defaults => DefaultRules.Value;

    public static SecretRuleSet LoadDefault(IEnumerable<string>? disabled = null) =>
        Build(Defaults, [], disabled ?? []);

    /// <summary>Loads a gitleaks-format file. Without <c>[extend] useDefault = true</c> only its own rules apply, as in gitleaks.</summary>
    public static SecretRuleSet LoadGitleaks(string path, IEnumerable<string>? disabled = null)
    {
        var (rules, allowlists, extraDisabled) = ReadGitleaksFile(Path.GetFullPath(path), depth: 0);
        return Build(rules, allowlists, (disabled ?? []).Concat(extraDisabled));
    }

    /// <summary>Compiles a pattern of a built-in rule (<paramref name="builtIn"/>) or of a user file.</summary>
    public static RuleRegex Compile(string pattern, string where, bool builtIn = false)
    {
        var translated = TranslateGoSyntax(pattern);
        try
        {
            return builtIn ? RuleRegex.ForBuiltIn(translated) : RuleRegex.ForUser(translated);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ConfigException($"{where}: invalid regex: {ex.Message}");
        }
    }

    private static SecretRuleSet Build(IEnumerable<SecretRule> rules, IReadOnlyList<SecretAllowlist> allowlists, IEnumerable<string> disabled)
    {
        var off = disabled.ToHashSet(StringComparer.Ordinal);
        // A later rule with the same id replaces an earlier one, so a user file can redefine a default rule.
        var byId = new Dictionary<string, SecretRule>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            byId[rule.Id] = rule;
        }
        return new SecretRuleSet(byId.Values.Where(r => !off.Contains(r.Id)).ToList(), allowlists);
    }

    private static List<SecretRule> LoadDefaultRules()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultResource} is missing from the build");
        using var reader = new StreamReader(stream);
        var table = Parse(reader.ReadToEnd(), "default-rules.toml");
        return ReadRules(table, "default-rules.toml", bulwarkFormat: true);
    }

    private static (List<SecretRule> Rules, List<SecretAllowlist> Allowlists, List<string> Disabled) ReadGitleaksFile(string path, int depth)
    {
        var table = ParseFile(path);
        var rules = new List<SecretRule>();
        var allowlists = new List<SecretAllowlist>();
        var disabled = new List<string>();
        if (GetTable(table, "extend", path) is { } extend)
        {
            if (GetBoolean(extend, "useDefault", $"{path} [extend]") == true)
            {
                rules.AddRange(Defaults);
            }
            if (GetString(extend, "path", $"{path} [extend]") is { } basePath)
            {
                if (depth >= MaxExtendDepth)
                {
                    throw new ConfigException($"{path} [extend]: 'path' nests deeper than {MaxExtendDepth} files");
                }
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path) ?? ".", basePath));
                var inherited = ReadGitleaksFile(full, depth + 1);
                rules.AddRange(inherited.Rules);
                allowlists.AddRange(inherited.Allowlists);
                disabled.AddRange(inherited.Disabled);
            }
            disabled.AddRange(GetStrings(extend, "disabledRules", $"{path} [extend]"));
        }
        rules.AddRange(ReadRules(table, path, bulwarkFormat: false));
        allowlists.AddRange(ReadAllowlists(table, "allowlist", "allowlists", path, builtIn: false));
        return (rules, allowlists, disabled);
    }

    private static List<SecretRule> ReadRules(TomlTable table, string path, bool bulwarkFormat)
    {
        var rules = new List<SecretRule>();
        if (!table.TryGetValue("rules", out var value))
        {
            return rules;
        }
        if (value is not TomlTableArray array)
        {
            throw new ConfigException($"{path}: 'rules' must be an array of tables ([[rules]])");
        }
        for (var i = 0; i < array.Count; i++)
        {
            rules.Add(ReadRule(array[i], $"{path} rules[{i}]", bulwarkFormat));
        }
        return rules;
    }

    private static SecretRule ReadRule(TomlTable table, string where, bool bulwarkFormat)
    {
        var id = GetString(table, "id", where) ?? throw new ConfigException($"{where}: missing 'id'");
        where = $"{where} ('{id}')";
        var description = GetString(table, "description", where) ?? id;
        var pattern = GetString(table, "regex", where);
        var pathPattern = GetString(table, "path", where);
        if (pattern is null && pathPattern is null)
        {
            throw new ConfigException($"{where}: needs 'regex' or 'path'");
        }
        var severityText = GetString(table, "severity", where);
        var severity = Severity.High;
        if (severityText is not null && !SeverityNames.TryParse(severityText, out severity))
        {
            throw new ConfigException($"{where}: 'severity' must be one of {string.Join(", ", SeverityNames.All)}");
        }
        if (bulwarkFormat && severityText is null)
        {
            throw new ConfigException($"{where}: missing 'severity'");
        }
        // A path-only rule (gitleaks: flag the file itself) matches the whole first line.
        pattern ??= "^.*";
        var regex = Compile(pattern, $"{where} regex", bulwarkFormat);
        var groups = CountGroups(pattern);
        var group = GetInteger(table, "secretGroup", where);
        if (group is < 0 || group > groups)
        {
            throw new ConfigException($"{where}: 'secretGroup' {group} is not a group of the regex");
        }
        return new SecretRule
        {
            Id = id,
            Title = GetString(table, "title", where) ?? description,
            Description = description,
            Severity = severity,
            Regex = regex,
            Keywords = GetStrings(table, "keywords", where).Where(k => k.Length > 0).Select(k => k.ToLowerInvariant()).ToList(),
            SecretGroup = (int?)group ?? (groups > 0 ? 1 : 0),
            Entropy = GetNumber(table, "entropy", where),
            Multiline = GetBoolean(table, "multiline", where) ?? false,
            RequiredRun = ReadRequiredRun(table, where),
            PathRegex = pathPattern is null ? null : Compile(pathPattern, $"{where} path", bulwarkFormat),
            Tags = GetStrings(table, "tags", where),
            Allowlists = ReadAllowlists(table, "allowlist", "allowlists", where, bulwarkFormat),
            TruePositives = GetStrings(table, "tp", where),
            FalsePositives = GetStrings(table, "fp", where),
        };
    }

    private static RequiredRun? ReadRequiredRun(TomlTable table, string where)
    {
        if (GetTable(table, "requiredRun", where) is not { } run)
        {
            return null;
        }
        var chars = GetString(run, "chars", $"{where} requiredRun");
        var length = GetInteger(run, "length", $"{where} requiredRun");
        if (string.IsNullOrEmpty(chars) || length is not > 0)
        {
            throw new ConfigException($"{where}: 'requiredRun' needs non-empty 'chars' and a positive 'length'");
        }
        return new RequiredRun(System.Buffers.SearchValues.Create(chars), (int)length);
    }

    /// <summary>Reads both gitleaks spellings: the older single <c>[allowlist]</c> table and <c>[[allowlists]]</c>.</summary>
    private static List<SecretAllowlist> ReadAllowlists(TomlTable table, string singleKey, string arrayKey, string where, bool builtIn)
    {
        var result = new List<SecretAllowlist>();
        if (table.TryGetValue(singleKey, out var single))
        {
            result.Add(ReadAllowlist(single as TomlTable ?? throw new ConfigException($"{where}: '{singleKey}' must be a table"), $"{where} {singleKey}", builtIn));
        }
        if (table.TryGetValue(arrayKey, out var many))
        {
            if (many is not TomlTableArray array)
            {
                throw new ConfigException($"{where}: '{arrayKey}' must be an array of tables");
            }
            for (var i = 0; i < array.Count; i++)
            {
                result.Add(ReadAllowlist(array[i], $"{where} {arrayKey}[{i}]", builtIn));
            }
        }
        return result;
    }

    private static SecretAllowlist ReadAllowlist(TomlTable table, string where, bool builtIn)
    {
        var target = GetString(table, "regexTarget", where)?.ToLowerInvariant() switch
        {
            null or "" or "secret" => AllowlistTarget.Secret,
            "match" => AllowlistTarget.Match,
            "line" => AllowlistTarget.Line,
            var other => throw new ConfigException($"{where}: 'regexTarget' must be secret, match or line (got '{other}')"),
        };
        var condition = GetString(table, "condition", where)?.ToUpperInvariant() switch
        {
            null or "" or "OR" => false,
            "AND" => true,
            var other => throw new ConfigException($"{where}: 'condition' must be OR or AND (got '{other}')"),
        };
        return new SecretAllowlist
        {
            Description = GetString(table, "description", where),
            RegexTarget = target,
            RequireAll = condition,
            Regexes = GetStrings(table, "regexes", where).Select((r, i) => Compile(r, $"{where} regexes[{i}]", builtIn)).ToList(),
            Paths = GetStrings(table, "paths", where).Select((r, i) => Compile(r, $"{where} paths[{i}]", builtIn)).ToList(),
            Stopwords = GetStrings(table, "stopwords", where),
            Commits = GetStrings(table, "commits", where),
        };
    }

    /// <summary>Capturing groups in a pattern, counted without compiling it (escapes, classes and (?…) skipped).</summary>
    internal static int CountGroups(string pattern)
    {
        var count = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case '[' when !inClass:
                    inClass = true;
                    break;
                case ']' when inClass:
                    inClass = false;
                    break;
                case '(' when !inClass:
                    var named = i + 2 < pattern.Length && pattern[i + 1] == '?' && (pattern[i + 2] == '<' || pattern[i + 2] == 'P' || pattern[i + 2] == '\'')
                        && !(i + 3 < pattern.Length && pattern[i + 2] == '<' && (pattern[i + 3] == '=' || pattern[i + 3] == '!'));
                    if (i + 1 >= pattern.Length || pattern[i + 1] != '?' || named)
                    {
                        count++;
                    }
                    break;
            }
        }
        return count;
    }

    /// <summary>
    /// gitleaks patterns are Go RE2. Most of RE2 is valid .NET; the differences seen in real configs are
    /// POSIX classes inside brackets and Python-style named groups.
    /// </summary>
    internal static string TranslateGoSyntax(string pattern) => pattern
        .Replace("(?P<", "(?<", StringComparison.Ordinal)
        .Replace("[:alnum:]", "a-zA-Z0-9", StringComparison.Ordinal)
        .Replace("[:alpha:]", "a-zA-Z", StringComparison.Ordinal)
        .Replace("[:digit:]", "0-9", StringComparison.Ordinal)
        .Replace("[:xdigit:]", "0-9A-Fa-f", StringComparison.Ordinal)
        .Replace("[:lower:]", "a-z", StringComparison.Ordinal)
        .Replace("[:upper:]", "A-Z", StringComparison.Ordinal)
        .Replace("[:space:]", @"\s", StringComparison.Ordinal)
        .Replace("[:word:]", @"\w", StringComparison.Ordinal)
        .Replace("[:punct:]", @"!-/:-@\[-`{-~", StringComparison.Ordinal);
}
