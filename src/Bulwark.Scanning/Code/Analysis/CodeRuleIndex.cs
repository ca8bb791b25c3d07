using Bulwark.Scanning.Code.Rules;

namespace Bulwark.Scanning.Code.Analysis;

/// <summary>
/// The rules arranged for the hot path: exact names in dictionaries, globs in short lists, and the last
/// name parts that references and assignments must end with (so most attributes cost one set lookup).
/// </summary>
internal sealed class CodeRuleIndex
{
    private readonly Dictionary<string, List<CodeRule>> _exactCalls = new(StringComparer.Ordinal);
    private readonly List<(NameGlob Glob, CodeRule Rule)> _globCalls = [];
    private readonly List<(NameGlob Glob, CodeRule Rule)> _references = [];
    private readonly List<(NameGlob Glob, CodeRule Rule)> _assignments = [];
    private readonly HashSet<string> _referenceEnds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assignEnds = new(StringComparer.Ordinal);
    private readonly List<string> _assignEndGlobs = [];

    public CodeRuleIndex(IEnumerable<CodeRule> rules)
    {
        foreach (var rule in rules)
        {
            Rules.Add(rule);
            foreach (var glob in rule.Names)
            {
                switch (rule.Kind)
                {
                    case CodeRuleKind.Call when !glob.Pattern.Contains('*'):
                        if (!_exactCalls.TryGetValue(glob.Pattern, out var list))
                        {
                            _exactCalls[glob.Pattern] = list = [];
                        }
                        list.Add(rule);
                        break;
                    case CodeRuleKind.Call:
                        _globCalls.Add((glob, rule));
                        break;
                    case CodeRuleKind.Reference:
                        _references.Add((glob, rule));
                        _referenceEnds.Add(glob.Pattern[(glob.Pattern.LastIndexOf('.') + 1)..]);
                        break;
                    case CodeRuleKind.Assign:
                        _assignments.Add((glob, rule));
                        var last = glob.Pattern[(glob.Pattern.LastIndexOf('.') + 1)..];
                        if (last.Contains('*'))
                        {
                            _assignEndGlobs.Add(last);
                        }
                        else
                        {
                            _assignEnds.Add(last);
                        }
                        break;
                }
            }
        }
    }

    public List<CodeRule> Rules { get; } = [];

    public static CodeRuleIndex Default { get; } = new(CodeRuleLoader.Defaults);

    public IEnumerable<CodeRule> CallRules(string name)
    {
        if (_exactCalls.TryGetValue(name, out var exact))
        {
            foreach (var rule in exact)
            {
                yield return rule;
            }
        }
        CodeRule? previous = null;
        foreach (var (glob, rule) in _globCalls)
        {
            if (rule != previous && glob.Matches(name))
            {
                previous = rule;
                yield return rule;
            }
        }
    }

    public bool IsReferenceCandidate(string lastPart) => _referenceEnds.Contains(lastPart);

    public IEnumerable<CodeRule> ReferenceRules(string name) => _references.Where(r => r.Glob.Matches(name)).Select(r => r.Rule).Distinct();

    public bool IsAssignCandidate(string lastPart) => _assignEnds.Contains(lastPart) || _assignEndGlobs.Count > 0;

    /// <summary>Assignment rules for a target; names are also compared lower-cased (API_KEY, Api_Key, api_key).</summary>
    public IEnumerable<CodeRule> AssignRules(string name)
    {
        var lower = name.ToLowerInvariant();
        return _assignments.Where(r => r.Glob.Matches(name) || r.Glob.Matches(lower)).Select(r => r.Rule).Distinct();
    }
}
