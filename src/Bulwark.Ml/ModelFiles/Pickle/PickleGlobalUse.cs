namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>How one global is used in a pickle stream: where it was first imported and first called, and how often.</summary>
internal sealed class PickleGlobalUse(PickleGlobal global, GlobalVerdict verdict)
{
    public PickleGlobal Global { get; } = global;

    public GlobalVerdict Verdict { get; } = verdict;

    public int Calls { get; private set; }

    public long CallOffset { get; private set; } = -1;

    public string? CallOpcode { get; private set; }

    public string? CallArguments { get; private set; }

    /// <summary>Offset where the use is best shown: its first call, else its import.</summary>
    public long Offset => CallOffset >= 0 ? CallOffset : Global.Offset;

    /// <summary>Counts a call; the first one's arguments are rendered for the finding (later ones only counted).</summary>
    public void RecordCall(long offset, string opcode, IReadOnlyList<PickleValue> arguments)
    {
        if (Calls++ == 0)
        {
            CallOffset = offset;
            CallOpcode = opcode;
            CallArguments = PickleRender.Arguments(arguments);
        }
    }

    /// <summary>The calls of the whole stream, counted by the data pass (the machine recorded the first one, if it ran).</summary>
    public void CountCalls(int calls) => Calls = calls;

    /// <summary>"calls os.system via REDUCE at offset 132 with ('id',)" or "imports os.system via GLOBAL at offset 2".</summary>
    public string Describe(string qualified)
    {
        var reached = Global.Via is "GLOBAL" or "STACK_GLOBAL" or "INST" ? "" : $" (reached through {Global.Via})";
        if (Calls == 0)
        {
            return $"imports {qualified} via {Global.Via} at offset {Global.Offset}{reached} without calling it directly (it can still be called through other objects)";
        }
        var times = Calls > 1 ? $" ({Calls} calls)" : "";
        return $"calls {qualified}{reached} via {CallOpcode} at offset {CallOffset} with {CallArguments}{times}";
    }
}
