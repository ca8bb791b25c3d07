using Google.Protobuf;

namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>
/// Reads one attr map entry (key 1, AttrValue 2) and the AttrValue's strings: <c>s</c> (2) and <c>list.s</c>
/// (1 → 2). Both orders of key and value are accepted, as protobuf parsers accept them.
/// </summary>
internal sealed class TfAttrEntryVisitor : ProtoVisitor
{
    private const int MaxStrings = 16;

    private readonly Mode _mode;
    private readonly List<string> _strings;

    public TfAttrEntryVisitor()
        : this(Mode.Entry, [])
    {
    }

    private TfAttrEntryVisitor(Mode mode, List<string> strings)
    {
        _mode = mode;
        _strings = strings;
    }

    private enum Mode
    {
        Entry,
        Value,
        List,
    }

    public string? Key { get; private set; }

    public IReadOnlyList<string> Strings => _strings;

    protected override bool Visit(CodedInputStream input, int field, WireFormat.WireType wire)
    {
        if (!IsLength(wire))
        {
            return false;
        }
        switch (_mode, field)
        {
            case (Mode.Entry, 1):
                Key = ReadText(input, 128);
                return true;
            case (Mode.Entry, 2):
                input.ReadMessage(new TfAttrEntryVisitor(Mode.Value, _strings));
                return true;
            case (Mode.Value, 1):
                input.ReadMessage(new TfAttrEntryVisitor(Mode.List, _strings));
                return true;
            case (Mode.Value or Mode.List, 2) when _strings.Count < MaxStrings:
                _strings.Add(ReadText(input, 1024));
                return true;
            default:
                return false;
        }
    }
}
