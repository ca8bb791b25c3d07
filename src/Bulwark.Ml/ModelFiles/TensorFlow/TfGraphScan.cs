using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>
/// Per-file state of a TensorFlow graph scan: classifies each node as the visitors meet it, reports at most
/// <see cref="MaxIssues"/> findings (a hostile graph can hold millions of nodes), and checks time and cancellation.
/// </summary>
internal sealed class TfGraphScan(ModelContent content, ModelScanContext context, CancellationToken cancellationToken)
{
    private const int MaxIssues = 200;

    private int _reported;
    private int _unlisted;

    public long Nodes { get; private set; }

    public void Inspect(TfNode node)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (context.Expired)
        {
            throw new ScanExpiredException();
        }
        Nodes++;
        if (TfOpCatalog.Classify(node) is not { } hit)
        {
            return;
        }
        if (_reported >= MaxIssues)
        {
            _unlisted++;
            return;
        }
        _reported++;
        var scope = node.Function is null ? "" : $" in function '{node.Function}'";
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["node"] = node.Name, ["op"] = node.Op };
        if (node.Function is not null)
        {
            properties["function"] = node.Function;
        }
        context.Report(new ModelIssue(hit.Rule, hit.Severity, content.Location.At(node.Offset), $"Node '{node.Name}' (op {node.Op}){scope} {hit.What}.")
        {
            Properties = properties,
        });
    }

    public void Finish()
    {
        if (_unlisted > 0)
        {
            context.Notice(NoticeLevel.Info, content.Location, $"tensorflow: {_unlisted} more findings of the same kinds not listed");
        }
    }
}
