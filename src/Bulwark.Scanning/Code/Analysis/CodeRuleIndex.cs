using Bulwark.Scanning.Code.Rules;

namespace Bulwark.Scanning.Code.Analysis;

/// <summary>
/// The rules arranged for the hot path: exact names in dictionaries, globs in short lists, and the last
/// name parts that references and assignments must end with (so most attributes cost one set lookup).
/// </summary>
internal sealed class CodeRuleIndex
{
    private readonly Dictionary<string, List<CodeRule>> _exactCalls = new(StringComparer.Ordinal);
    /// <summary>Call globs whose last name part is literal ("*.execute", "tarfile.open"), by that part.</summary>
    private readonly Dictionary<string, List<(NameGlob Glob, CodeRule Rule)>> _globCallsByLast = new(StringComparer.Ordinal);

    /// <summary>The other call globs ("*", "subprocess.*", "*PythonREPLTool"): checked for every call.</summary>
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
                        var lastPart = glob.Pattern[(glob.Pattern.LastIndexOf('.') + 1)..];
                        if (glob.Pattern.Contains('.') && !lastPart.Contains('*'))
                        {
                            if (!_globCallsByLast.TryGetValue(lastPart, out var byLast))
                            {
                                _globCallsByLast[lastPart] = byLast = [];
                            }
                            byLast.Add((glob, rule));
                        }
                        else
                        {
                            _globCalls.Add((glob, rule));
                        }
                        break;
                    case CodeRuleKind.Reference:
                        _references.Add((glob, rule));
                        _referenceEnds.Add(glob.Pattern[(glob.Pattern.LastIndexOf('.') + 1)..]);
                        break;
                    case CodeRuleKind.Assign:
                        _assignments.Add((glob, rule));
                        var last = glob.Pattern[(glob.Pattern.LastIndexOf('.') + 1)..];
                        if (last.StartsWith('*') && last.LastIndexOf('*') == 0)
                        {
                            _assignEndGlobs.Add(last[1..]);
                        }
                        else if (last.Contains('*'))
                        {
                            _assignEndGlobs.Add("");
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

    /// <summary>Adds the call rules for a resolved callee to <paramref name="into"/> (cleared first), each once.</summary>
    public void CallRules(string name, List<CodeRule> into)
    {
        into.Clear();
        if (_exactCalls.TryGetValue(name, out var exact))
        {
            into.AddRange(exact);
        }
        var last = name.AsSpan(name.LastIndexOf('.') + 1);
        if (_globCallsByLast.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(last, out var byLast))
        {
            Add(byLast, name, into);
        }
        Add(_globCalls, name, into);
    }

    private static void Add(List<(NameGlob Glob, CodeRule Rule)> globs, string name, List<CodeRule> into)
    {
        foreach (var (glob, rule) in globs)
        {
            if (!into.Contains(rule) && glob.Matches(name))
            {
                into.Add(rule);
            }
        }
    }

    public bool IsReferenceCandidate(string lastPart) => _referenceEnds.Contains(lastPart);

    public IEnumerable<CodeRule> ReferenceRules(string name) => _references.Where(r => r.Glob.Matches(name)).Select(r => r.Rule).Distinct();

    /// <summary>Whether an assignment to a name or attribute ending in <paramref name="lastPart"/> can match (any case).</summary>
    public bool IsAssignCandidate(string lastPart)
    {
        if (_assignEnds.Contains(lastPart))
        {
            return true;
        }
        foreach (var suffix in _assignEndGlobs)
        {
            if (lastPart.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Assignment rules for a target; names are also compared lower-cased (API_KEY, Api_Key, api_key).</summary>
    public IEnumerable<CodeRule> AssignRules(string name)
    {
        var lower = name.ToLowerInvariant();
        return _assignments.Where(r => r.Glob.Matches(name) || r.Glob.Matches(lower)).Select(r => r.Rule).Distinct();
    }
}
