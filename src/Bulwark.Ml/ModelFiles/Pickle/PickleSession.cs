using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// State shared by every pickle of one analyzed stream (stacked pickles, joblib arrays): where to report, the
/// global uses to summarize at the end, and budgets. Nested pickles (pickle.loads of bytes) get their own session.
/// </summary>
internal sealed class PickleSession(ModelScanContext context, ModelLocation location, int depth, CancellationToken cancellationToken)
{
    /// <summary>Bytes of bytes-constants kept per stream (to scan nested pickles and show arguments).</summary>
    private const long RetainBudget = 64L << 20;

    private readonly Dictionary<string, PickleGlobalUse> _uses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedOnce = new(StringComparer.Ordinal);
    private long _retained;

    public ModelScanContext Context { get; } = context;

    public ModelLocation Location { get; } = location;

    /// <summary>How many pickles.loads-style re-entries surround this stream.</summary>
    public int Depth { get; } = depth;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>When set, nothing is reported (sniffing dry runs).</summary>
    public bool Quiet { get; init; }

    /// <summary>Whether BUILD of a joblib NumpyArrayWrapper consumes the array bytes that follow it.</summary>
    public bool JoblibArrays { get; init; } = true;

    /// <summary>The stream can be read again from its start (for the plain-pickle pass over joblib files).</summary>
    public bool Rescannable { get; init; }

    /// <summary>Object arrays of joblib currently open (each is a pickle inside the pickle).</summary>
    public int JoblibDepth { get; set; }

    /// <summary>
    /// A second pass over bytes already analyzed: only globals not reported by the first pass are reported
    /// (and listed); faults and other findings were the first pass's to report.
    /// </summary>
    public bool GlobalsOnly { get; init; }

    /// <summary>Set once a joblib array was skipped (a plain pickle.load would read those bytes as opcodes).</summary>
    public bool SkippedJoblibArray { get; set; }

    /// <summary>Globals already reported by an earlier pass over the same bytes; not reported again.</summary>
    public IReadOnlySet<string> AlreadyReported { get; init; } = new HashSet<string>();

    public IEnumerable<string> ReportedGlobals => _uses.Keys;

    public bool TryRetain(long length)
    {
        if (_retained + length > RetainBudget)
        {
            return false;
        }
        _retained += length;
        return true;
    }

    public PickleGlobal Import(string module, string name, long offset, string via)
    {
        var global = new PickleGlobal(module, name, offset, via);
        if (Quiet)
        {
            return global;
        }
        var verdict = Context.Globals.Classify(module, name);
        var key = Canonical(global);
        if (!GlobalsOnly || !AlreadyReported.Contains(key))
        {
            Context.RecordGlobal(new GlobalReference(Location.At(offset), module, name, via, verdict));
        }
        if (!_uses.TryGetValue(key, out var use))
        {
            use = new PickleGlobalUse(global, verdict);
            _uses[key] = use;
        }
        global.Use = use;
        return global;
    }

    public void RecordCall(PickleGlobal callee, long offset, string opcode, IReadOnlyList<PickleValue> arguments)
    {
        if (Quiet)
        {
            return;
        }
        // Every global comes from Import, which gave it its use record.
        callee.Use!.RecordCall(offset, opcode, arguments);
    }

    /// <summary>Sets how often a global (by canonical name) was called in the whole stream, as counted by <see cref="PickleDataPass"/>.</summary>
    public void CountCalls(string canonical, int calls)
    {
        if (!Quiet && _uses.TryGetValue(canonical, out var use))
        {
            use.CountCalls(calls);
        }
    }

    public void Report(RuleDescriptor rule, Severity severity, long offset, string message, string? opcode = null, string? global = null)
    {
        if (Quiet || GlobalsOnly)
        {
            return;
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (opcode is not null)
        {
            properties["opcode"] = opcode;
        }
        if (global is not null)
        {
            properties["global"] = global;
        }
        Context.Report(new ModelIssue(rule, severity, Location.At(offset), message) { Properties = properties });
    }

    /// <summary>Reports a rule once per stream and key (repeated indirect calls, extension codes).</summary>
    public void ReportOnce(string key, RuleDescriptor rule, Severity severity, long offset, string message, string opcode)
    {
        if (_reportedOnce.Add(key))
        {
            Report(rule, severity, offset, message, opcode);
        }
    }

    public void Notice(NoticeLevel level, long offset, string message)
    {
        if (!Quiet && !GlobalsOnly)
        {
            Context.Notice(level, Location.At(offset), message);
        }
    }

    /// <summary>One finding per dangerous or unknown global, in the order they were first used.</summary>
    public void Flush()
    {
        var uses = _uses.Values.Where(u => u.Verdict.Class != GlobalClass.Safe).OrderBy(u => u.Offset).ToList();
        foreach (var use in uses)
        {
            var qualified = use.Global.Qualified;
            if (AlreadyReported.Contains(Canonical(use.Global)))
            {
                continue;
            }
            var opcode = use.CallOpcode ?? use.Global.Via;
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["global"] = qualified,
                ["opcode"] = opcode,
                ["classification"] = use.Verdict.Class == GlobalClass.Dangerous ? "dangerous" : "unknown",
                ["calls"] = use.Calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var (rule, severity) = use.Verdict.Class == GlobalClass.Dangerous
                ? (PickleRules.DangerousGlobal, use.Verdict.Severity)
                : (PickleRules.UnknownGlobal, Context.Strict ? Severity.High : use.Verdict.Severity);
            var message = $"Pickle {use.Describe(qualified)}: {use.Verdict.Reason}.";
            Context.Report(new ModelIssue(rule, severity, Location.At(use.Offset), message) { Properties = properties });
        }
    }

    /// <summary>The name a global is known by in this session: its module's canonical spelling (aliases resolved), then its name.</summary>
    public string Canonical(PickleGlobal global) => global.Canonical ??= Canonical(global.Module, global.Name);

    public string Canonical(string module, string name) =>
        Context.Globals is GlobalPolicy policy ? $"{policy.CanonicalModule(module)}.{name}" : name.Length == 0 ? module : $"{module}.{name}";
}
