using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.TensorFlow;

namespace Bulwark.Ml.ModelFiles.Onnx;

/// <summary>
/// Per-file state of an ONNX scan. Non-standard operators are gathered per domain and reported once per domain
/// at the end, after the model-local functions (which may define them, and usually come last) are known.
/// External data escapes are reported as met. Everything kept is capped.
/// </summary>
internal sealed class OnnxScan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
{
    /// <summary>Nesting of subgraphs (If/Loop/Scan bodies) followed; real models stay in single digits.</summary>
    public const int MaxGraphDepth = 16;

    private const int MaxIssues = 200;
    private const int MaxOperatorKinds = 10_000;
    private const int OpsNamed = 8;

    private readonly Dictionary<(string Domain, string Op), OperatorUse> _operators = [];
    private readonly HashSet<(string Domain, string Name)> _functions = [];
    private int _reported;
    private int _unlisted;
    private bool _tooDeep;

    public long Nodes { get; private set; }

    public void AddNode(string domain, string opType, string name, long offset)
    {
        Tick();
        Nodes++;
        if (OnnxDomains.Classify(domain) == OnnxDomainKind.Standard)
        {
            return;
        }
        if (_operators.TryGetValue((domain, opType), out var use))
        {
            use.Count++;
        }
        else if (_operators.Count < MaxOperatorKinds)
        {
            _operators[(domain, opType)] = new OperatorUse(name, offset);
        }
    }

    public void AddFunction(string domain, string name)
    {
        if (_functions.Count < MaxOperatorKinds)
        {
            _functions.Add((domain, name));
        }
    }

    public void AddExternalData(string tensor, string location, long offset)
    {
        Tick();
        if (OnnxExternalPath.Escape(location, content.DiskPath) is not { } why)
        {
            return;
        }
        Report(new ModelIssue(OnnxRules.ExternalDataEscape, Severity.High, content.Location.At(offset),
            $"Tensor '{tensor}' loads its data from '{location}', which {why}: loading the model reads that file.")
        {
            Properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["tensor"] = tensor, ["location"] = location },
        });
    }

    public void TooDeep()
    {
        if (!_tooDeep)
        {
            _tooDeep = true;
            context.Notice(NoticeLevel.Warning, content.Location, $"onnx: subgraphs nested deeper than {MaxGraphDepth}; the deeper ones were not analyzed");
        }
    }

    public void Finish()
    {
        foreach (var domain in _operators.Where(pair => !_functions.Contains(pair.Key)).GroupBy(pair => pair.Key.Domain, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            ReportDomain(domain.Key, domain.OrderBy(pair => pair.Value.Offset).ToList());
        }
        if (_unlisted > 0)
        {
            context.Notice(NoticeLevel.Info, content.Location, $"onnx: {_unlisted} more findings of the same kinds not listed");
        }
    }

    private void ReportDomain(string domain, List<KeyValuePair<(string Domain, string Op), OperatorUse>> uses)
    {
        var contrib = OnnxDomains.Classify(domain) == OnnxDomainKind.Contrib;
        var nodes = uses.Sum(pair => (long)pair.Value.Count);
        var ops = string.Join(", ", uses.Take(OpsNamed).Select(pair => pair.Key.Op)) + (uses.Count > OpsNamed ? ", …" : "");
        var first = uses[0].Value;
        var message = contrib
            ? $"{nodes} node(s) use ONNX Runtime contrib operators from '{domain}' ({ops}), first '{first.Node}'."
            : $"{nodes} node(s) use operators from the custom domain '{domain}' ({ops}), first '{first.Node}': running the model needs a native custom-op library for that domain.";
        Report(new ModelIssue(contrib ? OnnxRules.ContribOperator : OnnxRules.CustomOperator, contrib ? Severity.Low : Severity.Medium, content.Location.At(first.Offset), message)
        {
            Properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["domain"] = domain, ["ops"] = ops, ["node"] = first.Node },
        });
    }

    private void Report(ModelIssue issue)
    {
        if (_reported >= MaxIssues)
        {
            _unlisted++;
            return;
        }
        _reported++;
        context.Report(issue);
    }

    private void Tick()
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (context.Expired)
        {
            throw new ScanExpiredException();
        }
    }

    private sealed class OperatorUse(string node, long offset)
    {
        public string Node { get; } = node;

        public long Offset { get; } = offset;

        public int Count { get; set; } = 1;
    }
}
