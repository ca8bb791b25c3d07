using System.Buffers.Binary;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.Joblib;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Imports, calls, BUILD, persistent ids and extension codes.</summary>
internal sealed partial class PickleMachine
{
    private void StepObject(PickleOpcode opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.Global:
                Push(session.Import(ReadNameLine(), ReadNameLine(), _opcodeOffset, OpcodeName));
                break;
            case PickleOpcode.StackGlobal:
                var name = Pop();
                var module = Pop();
                Push(StackGlobal(module, name));
                break;
            case PickleOpcode.Inst:
                var cls = session.Import(ReadNameLine(), ReadNameLine(), _opcodeOffset, OpcodeName);
                Push(Call(cls, PopMark()));
                break;
            case PickleOpcode.Obj:
                var objArgs = PopMark();
                if (objArgs.Length == 0)
                {
                    throw Invalid("stack underflow");
                }
                Push(Call(objArgs[0], objArgs[1..]));
                break;
            case PickleOpcode.NewObj:
                var newArgs = Pop();
                var newClass = Pop();
                Push(Call(newClass.ToValue(), Items(newArgs)));
                break;
            case PickleOpcode.NewObjEx:
                var kwargs = Pop();
                var exArgs = Pop();
                var exClass = Pop();
                Push(Call(exClass.ToValue(), [.. Items(exArgs), kwargs.ToValue()]));
                break;
            case PickleOpcode.Reduce:
                var reduceArgs = Pop();
                ReplaceTop(PickleSlot.Of(Call(Top().ToValue(), Items(reduceArgs))));
                break;
            case PickleOpcode.Build:
                var state = Pop();
                Build(Top(), state.ToValue());
                break;
            case PickleOpcode.PersId:
                var pid = ReadLine(out _);
                Push(new PickleUnknown($"persistent object '{Encoding.ASCII.GetString(pid[..Math.Min(pid.Length, 80)])}'"));
                break;
            case PickleOpcode.BinPersId:
                Push(new PickleUnknown($"persistent object {PickleRender.Value(Pop().ToValue())}"));
                break;
            case PickleOpcode.Ext1:
                Push(Extension(ReadByte()));
                break;
            case PickleOpcode.Ext2:
                Push(Extension(BinaryPrimitives.ReadUInt16LittleEndian(Read(2))));
                break;
            case PickleOpcode.Ext4:
                Push(Extension(BinaryPrimitives.ReadInt32LittleEndian(Read(4))));
                break;
            default:
                throw Unknown();
        }
    }

    private string ReadNameLine()
    {
        var line = ReadLine(out _);
        return Encoding.UTF8.GetString(line);
    }

    /// <summary>Call arguments: a tuple's items, or (for a malformed call) the one value.</summary>
    private static IReadOnlyList<PickleValue> Items(PickleSlot value) => value.Sequence is { } sequence ? sequence.Items : [value.ToValue()];

    /// <summary>Values that are plainly data: CPython's STACK_GLOBAL fails on them (anything else may be a str made while loading).</summary>
    private static bool IsData(PickleSlot value) =>
        value.IsNumber || value.Object is PickleConstant or PickleInt or PickleBytes or PickleSequence or PickleDict;

    private PickleValue StackGlobal(PickleSlot module, PickleSlot name)
    {
        if (module.String is { } m && name.String is { } n)
        {
            return session.Import(m, n, _opcodeOffset, OpcodeName);
        }
        if (IsData(module) || IsData(name))
        {
            throw Invalid("STACK_GLOBAL requires str");
        }
        session.Report(PickleRules.DynamicGlobal, Severity.High, _opcodeOffset,
            $"STACK_GLOBAL at offset {_opcodeOffset} imports a global whose module {PickleRender.Value(module.ToValue())} and name {PickleRender.Value(name.ToValue())} are computed while loading, so what it imports cannot be read from the file.",
            OpcodeName);
        return new PickleUnknown("computed global");
    }

    private PickleUnknown Extension(long code)
    {
        if (code <= 0)
        {
            throw Invalid("extension code must be positive");
        }
        session.ReportOnce($"ext:{code}", PickleRules.ExtensionCode, Severity.Medium, _opcodeOffset,
            $"{OpcodeName} at offset {_opcodeOffset} names a global through copyreg extension code {code}; stock Python registers none, so the loading program decides what it is.",
            OpcodeName);
        return new PickleUnknown($"extension code {code}");
    }

    private PickleValue Call(PickleValue callee, IReadOnlyList<PickleValue> arguments) =>
        PickleCalls.Call(session, callee, arguments, _opcodeOffset, OpcodeName);

    private void Build(PickleSlot target, PickleValue state)
    {
        switch (target.Object)
        {
            case PickleGlobal global:
                session.Report(PickleRules.AttributeOverride, Severity.High, _opcodeOffset,
                    $"BUILD at offset {_opcodeOffset} sets attributes on {global.Qualified} itself (not on an instance): {PickleRender.Value(state)}; this monkey-patches code at load time.",
                    OpcodeName, global.Qualified);
                break;
            case PickleObject obj:
                if (obj.SetStateOverride is { } hook)
                {
                    PickleCalls.Call(session, hook, [state], _opcodeOffset, "BUILD (__setstate__)");
                }
                obj.State = state;
                if (PlantedSetState(state) is { } planted)
                {
                    obj.SetStateOverride = planted;
                    session.Report(PickleRules.AttributeOverride, Severity.High, _opcodeOffset,
                        $"BUILD at offset {_opcodeOffset} gives an object its own __setstate__ ({PickleRender.Value(planted)}); the next BUILD on it calls that with attacker-chosen state.",
                        OpcodeName);
                }
                if (session.JoblibArrays && JoblibArrayHook.IsArrayWrapper(obj, session))
                {
                    ReplaceTop(PickleSlot.Of(JoblibArrayHook.ReadArray(obj, reader, session, _opcodeOffset)));
                }
                break;
        }
    }

    /// <summary>A state dict, or the slot-state dict of a (state, slotstate) pair, that assigns __setstate__.</summary>
    private static PickleValue? PlantedSetState(PickleValue state) => state switch
    {
        PickleDict dict => dict.Get("__setstate__"),
        PickleSequence { Kind: "tuple", Slots: [var first, var second] } =>
            first.Dict?.Get("__setstate__") ?? second.Dict?.Get("__setstate__"),
        _ => null,
    };
}
