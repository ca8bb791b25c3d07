using System.Text;
using Bulwark.Ml.ModelFiles.Joblib;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Imports and the memo, as the machine does them, for what the pass can prove.</summary>
internal sealed partial class PickleDataPass
{
    /// <summary>Imports, and characters of their names, a proved stream may hold; past these the machine takes over.</summary>
    private const int MaxImports = 1 << 16;
    private const int MaxImportChars = 1 << 22;

    /// <summary>Operand texts kept by the offset of their bytes, for names fetched from the memo later.</summary>
    private const int MaxNames = 1 << 12;

    /// <summary>The imports to record once the stream is proved, in the order the machine records them.</summary>
    private readonly List<Import> _imports = [];

    private readonly Dictionary<long, string> _names = [];
    private long _importChars;

    /// <summary>
    /// STACK_GLOBAL: both operands must be strs whose text is still known (just written, or fetched from the memo after
    /// an earlier STACK_GLOBAL read it). Anything else (a str made while loading, data, a str written long before) is
    /// left to the machine, which reports or faults on it.
    /// </summary>
    private bool StackGlobal(PickleShape module, PickleShape name, long offset) =>
        TryText(module, out var moduleText) && TryText(name, out var nameText) && TryImport(moduleText, nameText, offset, "STACK_GLOBAL");

    /// <summary>GLOBAL and INST: the module and name lines, decoded as the machine decodes them.</summary>
    private bool ImportLines(long offset, string via)
    {
        if (!_reader.TryReadLine(out var moduleLine, out var clipped) || clipped)
        {
            return false;
        }
        var module = Encoding.UTF8.GetString(moduleLine);
        if (!_reader.TryReadLine(out var nameLine, out clipped) || clipped)
        {
            return false;
        }
        return TryImport(module, Encoding.UTF8.GetString(nameLine), offset, via);
    }

    /// <summary>
    /// An import the pass can follow: allowlisted, not a callable whose call the machine models, and not joblib's array
    /// wrapper (whose BUILD reads the array bytes that follow).
    /// </summary>
    private bool TryImport(string module, string name, long offset, string via)
    {
        _importChars += module.Length + name.Length;
        if (_imports.Count >= MaxImports || _importChars > MaxImportChars
            || _session.Context.Globals.Classify(module, name).Class != GlobalClass.Safe
            || PickleCalls.IsModelled(_session.Canonical(module, name))
            || JoblibArrayHook.IsArrayWrapperClass(module, name, _session))
        {
            return false;
        }
        _imports.Add(new Import(module, name, offset, via));
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
}
