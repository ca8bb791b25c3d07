using System.Reflection;
using Bulwark.Core.Configuration;
using Bulwark.Core.Findings;
using Tomlyn.Model;
using static Bulwark.Core.Configuration.TomlReading;

namespace Bulwark.Scanning.Code.Rules;

/// <summary>Loads the embedded code-rules.toml; a malformed rule fails at start-up naming the rule.</summary>
internal static class CodeRuleLoader
{
    private const string Resource = "Bulwark.Scanning.Code.Rules.code-rules.toml";
    private static readonly Lazy<IReadOnlyList<CodeRule>> Rules = new(Load);

    public static IReadOnlyList<CodeRule> Defaults => Rules.Value;

    private static List<CodeRule> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"embedded resource {Resource} is missing from the build");
        using var reader = new StreamReader(stream);
        var table = Parse(reader.ReadToEnd(), "code-rules.toml");
        var rules = new List<CodeRule>();
        if (table.TryGetValue("rule", out var list) && list is TomlTableArray array)
        {
            foreach (var entry in array)
            {
                rules.Add(Read(entry));
            }
        }
        return rules;
    }

    private static CodeRule Read(TomlTable entry)
    {
        var where = $"code-rules.toml rule '{GetString(entry, "id", "code-rules.toml") ?? "?"}'";
        RejectUnknownKeys(entry, where, "id", "kind", "severity", "title", "help", "calls", "when", "match", "no_match");
        var id = GetString(entry, "id", where) ?? throw new ConfigException($"{where}: id is required");
        if (CodeCategories.Of(id) == "other")
        {
            throw new ConfigException($"{where}: the id must start with a category word");
        }
        if (!SeverityNames.TryParse(GetString(entry, "severity", where), out var severity))
        {
            throw new ConfigException($"{where}: severity must be one of {string.Join(", ", SeverityNames.All)}");
        }
        var kind = GetString(entry, "kind", where) switch
        {
            null or "call" => CodeRuleKind.Call,
            "reference" => CodeRuleKind.Reference,
            "assign" => CodeRuleKind.Assign,
            var other => throw new ConfigException($"{where}: unknown kind '{other}'"),
        };
        List<RuleCondition> conditions;
        try
        {
            conditions = [.. GetStrings(entry, "when", where).Select(RuleCondition.Parse)];
        }
        catch (FormatException ex)
        {
            throw new ConfigException($"{where}: {ex.Message}");
        }
        return new CodeRule(id, kind, severity,
            GetString(entry, "title", where) ?? id,
            GetString(entry, "help", where) ?? throw new ConfigException($"{where}: help is required"),
            [.. GetStrings(entry, "calls", where).Select(c => new NameGlob(c))],
            conditions)
        {
            MustMatch = GetStrings(entry, "match", where),
            MustNotMatch = GetStrings(entry, "no_match", where),
        };
    }
}
