using System.Globalization;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// A symbolic pickle value in object form (the machine itself holds <see cref="PickleSlot"/>s, which keep ints, floats
/// and strings inline). Constants are kept (bounded) so call arguments can be shown and nested pickles scanned; objects
/// built by calls are kept as "result of calling X" so later calls on them are understood. Containers are mutable
/// like Python's, because APPEND/SETITEM change the object the memo also refers to.
/// </summary>
internal abstract class PickleValue
{
    public static readonly PickleValue None = new PickleConstant("None");
    public static readonly PickleValue True = new PickleConstant("True");
    public static readonly PickleValue False = new PickleConstant("False");
}

/// <summary>None, booleans, floats: only their text matters.</summary>
internal sealed class PickleConstant : PickleValue
{
    private readonly string? _text;
    private readonly double _number;

    public PickleConstant(string text) => _text = text;

    /// <summary>A float, formatted only when shown (big data pickles hold millions that never are).</summary>
    public PickleConstant(double number) => _number = number;

    public string Text => _text ?? _number.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>An integer; <see cref="Value"/> is null when it does not fit in 64 bits.</summary>
internal sealed class PickleInt : PickleValue
{
    /// <summary>Every integer too large for 64 bits (only its size is known).</summary>
    public static readonly PickleInt TooLarge = new(0);

    private readonly long _value;

    public PickleInt(long value) => _value = value;

    public long? Value => ReferenceEquals(this, TooLarge) ? null : _value;
}

/// <summary>A str (or a protocol 0–2 STRING); <see cref="Truncated"/> when only the start of a long one is kept.</summary>
internal sealed class PickleString(string text, bool truncated) : PickleValue
{
    public string Text { get; } = text;

    public bool Truncated { get; } = truncated;
}

/// <summary>bytes or bytearray: <see cref="Data"/> is the whole value when <see cref="Complete"/>, else its start.</summary>
internal sealed class PickleBytes(byte[] data, long length) : PickleValue
{
    public byte[] Data { get; } = data;

    public long Length { get; } = length;

    public bool Complete => Data.Length == Length;
}

/// <summary>A global (module attribute) imported by GLOBAL/STACK_GLOBAL/INST, or reached through a gadget such as getattr.</summary>
internal sealed class PickleGlobal(string module, string name, long offset, string via) : PickleValue
{
    public string Module { get; } = module;

    public string Name { get; } = name;

    public long Offset { get; } = offset;

    /// <summary>The opcode or gadget that produced it ("GLOBAL", "STACK_GLOBAL", "builtins.getattr").</summary>
    public string Via { get; } = via;

    public string Qualified => Name.Length == 0 ? Module : $"{Module}.{Name}";

    /// <summary>
    /// The session's canonical name for it (<see cref="PickleSession.Canonical"/>) and its use record (set by
    /// <see cref="PickleSession.Import"/>), kept on the global because a pickle imports a class once and calls it for
    /// every instance.
    /// </summary>
    public string? Canonical { get; set; }

    public PickleGlobalUse? Use { get; set; }
}

/// <summary>A module object produced by an import call (<c>__import__('os')</c>).</summary>
internal sealed class PickleModule(string name) : PickleValue
{
    public string Name { get; } = name;
}

/// <summary>
/// What a call returned (REDUCE, NEWOBJ, INST, OBJ, BUILD via __setstate__): an instance when the callee is a class.
/// BUILD stores its state here, and a state that sets <c>__setstate__</c> arms the next BUILD as a call.
/// </summary>
internal sealed class PickleObject(PickleValue callee, IReadOnlyList<PickleValue> arguments, long offset) : PickleValue
{
    public PickleValue Callee { get; } = callee;

    public IReadOnlyList<PickleValue> Arguments { get; } = arguments;

    public long Offset { get; } = offset;

    public PickleValue? State { get; set; }

    public PickleValue? SetStateOverride { get; set; }
}

/// <summary>Something the analysis cannot model (persistent ids, out-of-band buffers, extension codes).</summary>
internal sealed class PickleUnknown(string what) : PickleValue
{
    public string What { get; } = what;
}
