using Google.Protobuf;

namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>Reads a NodeDef: name (1), op (2) and the attr map (5) entries whose values name paths or URLs.</summary>
internal sealed class TfNodeVisitor : ProtoVisitor
{
    /// <summary>Attributes whose string values point at files or sinks.</summary>
    private static readonly HashSet<string> PathKeys = new(StringComparer.Ordinal) { "output_stream", "debug_urls", "memory_region_name" };

    /// <summary>Values kept per node; real nodes have one or two.</summary>
    private const int MaxValues = 16;

    private readonly List<KeyValuePair<string, string>> _attributes = [];
    private string _name = "";
    private string _op = "";

    public TfNode ToNode(string? function, long offset) => new(_name, _op, function, offset, _attributes);

    protected override bool Visit(CodedInputStream input, int field, WireFormat.WireType wire)
    {
        if (!IsLength(wire))
        {
            return false;
        }
        switch (field)
        {
            case 1:
                _name = ReadText(input);
                return true;
            case 2:
                _op = ReadText(input, 128);
                return true;
            case 5:
                var entry = new TfAttrEntryVisitor();
                input.ReadMessage(entry);
                if (entry.Key is { } key && PathKeys.Contains(key))
                {
                    foreach (var value in entry.Strings)
                    {
                        if (_attributes.Count < MaxValues)
                        {
                            _attributes.Add(new(key, value));
                        }
                    }
                }
                return true;
            default:
                return false;
        }
    }
}
