using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.Joblib;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Imports, calls and the memo, as the machine does them, for what the pass can prove; and its report.</summary>
internal sealed partial class PickleDataPass
{
    /// <summary>Imports, and characters of their names, a proved stream may hold; past these the machine takes over.</summary>
    private const int MaxImports = 1 << 16;
    private const int MaxImportChars = 1 << 22;

    /// <summary>Operand texts kept by the offset of their bytes, for names fetched from the memo later.</summary>
    private const int MaxNames = 1 << 12;

    /// <summary>The imports to record once the stream is proved, in the order the machine records them.</summary>
    private readonly List<Import> _imports = [];

    /// <summary>One entry per canonical global name imported (a <see cref="PickleShape.Global"/>'s number), and its calls.</summary>
    private readonly List<GlobalUse> _uses = [];
    private readonly Dictionary<string, int> _useNumbers = new(StringComparer.Ordinal);

    private readonly Dictionary<long, string> _names = [];
    private long _importChars;

    /// <summary>The pickle of the stream being followed (0 for the first of stacked pickles).</summary>
    private int _pickle;

    /// <summary>
    /// Where the machine must run to, or null when it need not run at all: the first call of a global that is not
    /// allowlisted is reported with its arguments as the machine renders them, so the machine runs from the start up
    /// to the last such first call; this pass reports the rest.
    /// </summary>
    public PickleStop? MachineUntil { get; private set; }

    /// <summary>
    /// Reports what the machine would have on this proved stream, past <see cref="MachineUntil"/> when the machine ran
    /// up to there: the imports (for --list-globals and the findings on globals not allowlisted), how often each was
    /// called, the memo-limit notice, and the trailing-bytes notice.
    /// </summary>
    public void Report()
    {
        var after = MachineUntil?.Offset ?? -1;
        foreach (var import in _imports.Where(i => i.Offset > after))
        {
            _session.Import(import.Module, import.Name, import.Offset, import.Via);
        }
        foreach (var use in _uses)
        {
            _session.CountCalls(use.Canonical, use.Calls);
        }
        foreach (var offset in _memoOverflows.Where(o => o > after))
        {
            _session.Notice(NoticeLevel.Info, offset, PickleMachine.MemoOverflowNotice(_limits, offset));
        }
        if (_trailing is { } at)
        {
            _session.Notice(NoticeLevel.Info, at, PickleAnalyzer.TrailingBytesNotice);
        }
    }

    /// <summary>
    /// STACK_GLOBAL: both operands must be strs whose text is still known (just written, or fetched from the memo after
    /// an earlier STACK_GLOBAL read it). Anything else (a str made while loading, data, a str written long before) is
    /// left to the machine, which reports or faults on it. Returns the global's number, or -1.
    /// </summary>
    private int StackGlobal(PickleShape module, PickleShape name, long offset) =>
        TryText(module, out var moduleText) && TryText(name, out var nameText) ? TryImport(moduleText, nameText, offset, "STACK_GLOBAL") : -1;

    /// <summary>GLOBAL and INST: the module and name lines, decoded as the machine decodes them. Returns the global's number, or -1.</summary>
    private int ImportLines(long offset, string via)
    {
        if (!_reader.TryReadLine(out var moduleLine, out var clipped) || clipped)
        {
            return -1;
        }
        var module = Encoding.UTF8.GetString(moduleLine);
        if (!_reader.TryReadLine(out var nameLine, out clipped) || clipped)
        {
            return -1;
        }
        return TryImport(module, Encoding.UTF8.GetString(nameLine), offset, via);
    }

    /// <summary>
    /// An import the pass can follow: allowlisted or unknown (a dangerous one is the machine's to describe), not a
    /// callable whose call the machine models, and not joblib's array wrapper (whose BUILD reads the array bytes that
    /// follow). Returns the global's number, or -1.
    /// </summary>
    private int TryImport(string module, string name, long offset, string via)
    {
        _importChars += module.Length + name.Length;
        var verdict = _session.Context.Globals.Classify(module, name).Class;
        var canonical = _session.Canonical(module, name);
        if (_imports.Count >= MaxImports || _importChars > MaxImportChars || verdict == GlobalClass.Dangerous
            || PickleCalls.IsModelled(canonical) || JoblibArrayHook.IsArrayWrapperClass(module, name, _session))
        {
            return -1;
        }
        _imports.Add(new Import(module, name, offset, via));
        if (!_useNumbers.TryGetValue(canonical, out var number))
        {
            number = _uses.Count;
            _uses.Add(new GlobalUse(canonical, verdict != GlobalClass.Safe));
            _useNumbers[canonical] = number;
        }
        return number;
    }

    /// <summary>
    /// A call (REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, INST) of <paramref name="callee"/>, the <paramref name="executed"/>th
    /// opcode of this pickle: only a global's call is followed (calling anything else the machine reports).
    /// </summary>
    private bool Call(PickleShape callee, long offset, long executed)
    {
        if (!callee.IsGlobal)
        {
            return false;
        }
        var use = _uses[callee.Use];
        if (use.Calls++ == 0 && use.Reported)
        {
            MachineUntil = new PickleStop(_pickle, executed, offset);
        }
        return true;
    }

    private bool TryText(PickleShape shape, out string text)
    {
        text = "";
        if (!shape.IsLocatedText)
        {
            return false;
        }
        if (_names.TryGetValue(shape.Offset, out var known))
        {
            text = known;
            return true;
        }
        if (!_reader.TryLookBack(shape.Offset, shape.Length, out var bytes))
        {
            return false;
        }
        text = PickleTextArena.Decode(bytes, shape.Latin1);
        if (_names.Count < MaxNames)
        {
            _names[shape.Offset] = text;
        }
        return true;
    }

    /// <summary>
    /// MEMOIZE/PUT, exactly as <see cref="PickleMachine"/> stores: past the memo limit only imports are stored, and a
    /// key stored before may still be replaced.
    /// </summary>
    private void Store(long key, PickleShape shape, long offset)
    {
        if (_memo.Count < _limits.MaxPickleMemo || _memo.Contains(key))
        {
            _memo.Set(key, shape);
            return;
        }
        if (!_overflowed)
        {
            _overflowed = true;
            _memoOverflows.Add(offset);
        }
        if (shape.IsGlobal && _memo.Count < 2L * _limits.MaxPickleMemo)
        {
            _memo.Set(key, shape);
        }
    }

    private readonly record struct Import(string Module, string Name, long Offset, string Via);

    /// <summary>A canonical global name and its calls; <see cref="Reported"/> when not allowlisted (its finding shows the first call).</summary>
    private sealed class GlobalUse(string canonical, bool reported)
    {
        public string Canonical { get; } = canonical;

        public bool Reported { get; } = reported;

        public int Calls { get; set; }
    }
}

/// <summary>Where the machine stops when run for the start of a stream: after opcode <paramref name="Opcodes"/> of pickle <paramref name="Pickle"/>, at <paramref name="Offset"/>.</summary>
internal readonly record struct PickleStop(int Pickle, long Opcodes, long Offset);
