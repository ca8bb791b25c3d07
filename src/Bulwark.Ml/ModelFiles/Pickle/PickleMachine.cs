namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// Symbolic execution of CPython's pickle machine for one pickle (up to its STOP): the real stack (one frame per open
/// MARK), the memo (shared by stacked pickles, as one Unpickler's memo is), and symbolic values. Imports and
/// calls go to the <see cref="PickleSession"/>; the opcodes follow the C unpickler's semantics and errors.
/// </summary>
internal sealed partial class PickleMachine(PickleReader reader, PickleSession session, PickleMemo memo)
{
    private readonly ModelScanLimits _limits = session.Context.Limits;
    private long _opcodeOffset;
    private byte _opcode;

    /// <summary>
    /// Opcodes this pickle may run; past them it stops with a fault. The limit, or fewer when only the start of the stream
    /// is wanted (see <see cref="PickleAnalyzer"/>).
    /// </summary>
    public long MaxOpcodes { get; init; } = session.Context.Limits.MaxPickleOpcodes;

    /// <summary>Opcodes executed so far.</summary>
    public long Executed { get; private set; }

    /// <summary>The protocol announced by PROTO (0 when none).</summary>
    public int Protocol { get; private set; }

    /// <summary>Runs to STOP. Returns null on success, else the fault (already described, not yet reported).</summary>
    public PickleFault? Run()
    {
        try
        {
            Loop();
            return null;
        }
        catch (PickleFault fault)
        {
            return fault;
        }
    }

    /// <summary>The current opcode's name, for messages (resolved only when one is written).</summary>
    private string OpcodeName => PickleOpcodeNames.Name(_opcode)!;

    private PickleFault Truncated() => reader.ReadError is { } error
        ? new PickleFault($"the stream cannot be read past offset {reader.Offset} ({error})", _opcodeOffset, truncated: true)
        : reader.LimitReached
        ? new PickleFault($"pickle longer than the {_limits.MaxPickleBytes}-byte limit; stopped in {OpcodeName} at offset {_opcodeOffset}", _opcodeOffset, truncated: true)
        : new PickleFault($"truncated pickle at offset {_opcodeOffset} ({OpcodeName} needs more bytes than the file has)", _opcodeOffset, truncated: true);

    private PickleFault Invalid(string what) =>
        new($"{OpcodeName} at offset {_opcodeOffset}: {what}", _opcodeOffset);

    private PickleFault Unknown() =>
        new($"unknown opcode 0x{_opcode:x2} at offset {_opcodeOffset}", _opcodeOffset);
}
