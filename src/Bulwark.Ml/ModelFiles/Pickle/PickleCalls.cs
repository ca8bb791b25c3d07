using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>
/// What a call made by the pickle means. Every call of a global is recorded; a few callables are modelled so
/// gadget chains resolve to what they reach: <c>getattr(__import__('os'), 'system')</c> is <c>os.system</c>,
/// <c>attrgetter</c>/<c>methodcaller</c>/<c>partial</c> forward to their target, and loaders given bytes
/// (<c>pickle.loads(b'…')</c>) have those bytes analyzed as a nested pickle.
/// </summary>
internal static class PickleCalls
{
    private static readonly HashSet<string> Loaders = new(StringComparer.Ordinal)
    {
        "pickle.loads", "pickle._loads", "pickle.load", "pickle._load", "pickle.Unpickler",
        "dill.loads", "dill.load", "cloudpickle.loads", "cloudpickle.load",
        "torch.load", "torch.serialization.load", "torch.storage._load_from_bytes", "joblib.load", "pandas.read_pickle",
        "numpy.load", "shelve.open",
    };

    /// <summary>
    /// Callables whose call this class models (what they return depends on their arguments, or they load bytes): the
    /// data pass leaves every pickle that imports one to the machine, even when a policy allows it.
    /// </summary>
    public static bool IsModelled(string canonical) =>
        canonical is "builtins.getattr" or "builtins.__import__" or "importlib.import_module" or "importlib.__import__"
            or "operator.attrgetter" or "operator.methodcaller" or "functools.partial"
        || Loaders.Contains(canonical);

    public static PickleValue Call(PickleSession session, PickleValue callee, IReadOnlyList<PickleValue> arguments, long offset, string opcode)
    {
        switch (callee)
        {
            case PickleGlobal global:
                session.RecordCall(global, offset, opcode, arguments);
                return CallGlobal(session, global, arguments, offset, opcode);
            case PickleObject { Callee: PickleGlobal maker } gadget when session.Canonical(maker) is var made
                && made is "operator.attrgetter" or "operator.methodcaller" or "functools.partial":
                return CallGadget(session, made, gadget, arguments, offset, opcode);
            default:
                session.ReportOnce($"indirect:{offset}", PickleRules.IndirectCall, Severity.Medium, offset,
                    $"{opcode} at offset {offset} calls {PickleRender.Value(callee)}, a value made while loading rather than a named global, with {PickleRender.Arguments(arguments)}.",
                    opcode);
                return new PickleObject(callee, arguments, offset);
        }
    }

    /// <remarks>Every callable modelled here and in <see cref="CallGadget"/> must be one <see cref="IsModelled"/> names.</remarks>
    private static PickleValue CallGlobal(PickleSession session, PickleGlobal global, IReadOnlyList<PickleValue> arguments, long offset, string opcode)
    {
        var name = session.Canonical(global);
        switch (name)
        {
            case "builtins.getattr" when arguments.Count >= 2 && arguments[1] is PickleString attribute:
                return (PickleValue?)Resolve(session, arguments[0], attribute.Text, offset, name) ?? new PickleObject(global, arguments, offset);
            case "builtins.__import__" or "importlib.import_module" or "importlib.__import__" when arguments.Count >= 1 && arguments[0] is PickleString module:
                return new PickleModule(module.Text);
        }
        if (arguments.Count >= 1 && Loaders.Contains(name) && EmbeddedBytes(session, arguments[0]) is { } bytes)
        {
            PickleAnalyzer.AnalyzeEmbedded(session, bytes, offset, $"{opcode} of {global.Qualified}");
        }
        return new PickleObject(global, arguments, offset);
    }

    private static PickleValue CallGadget(PickleSession session, string gadget, PickleObject made, IReadOnlyList<PickleValue> arguments, long offset, string opcode)
    {
        var bound = made.Arguments;
        switch (gadget)
        {
            case "operator.attrgetter" when bound.Count >= 1 && bound[0] is PickleString path && arguments.Count >= 1:
                var target = arguments[0];
                foreach (var part in path.Text.Split('.'))
                {
                    target = (PickleValue?)Resolve(session, target, part, offset, gadget) ?? new PickleUnknown($"attribute {part}");
                }
                return target;
            case "operator.methodcaller" when bound.Count >= 1 && bound[0] is PickleString method && arguments.Count >= 1:
                var function = Resolve(session, arguments[0], method.Text, offset, gadget);
                return function is null ? new PickleObject(made, arguments, offset) : Call(session, function, [.. bound.Skip(1)], offset, $"{opcode} (methodcaller)");
            case "functools.partial" when bound.Count >= 1:
                return Call(session, bound[0], [.. bound.Skip(1), .. arguments], offset, $"{opcode} (partial)");
            default:
                return new PickleObject(made, arguments, offset);
        }
    }

    /// <summary>The global an attribute of a module or global names, imported as if the pickle had named it.</summary>
    private static PickleGlobal? Resolve(PickleSession session, PickleValue target, string attribute, long offset, string via) => target switch
    {
        PickleModule module => session.Import(module.Name, attribute, offset, via),
        PickleGlobal global => session.Import(global.Module, global.Name.Length == 0 ? attribute : $"{global.Name}.{attribute}", offset, via),
        _ => null,
    };

    private static PickleBytes? EmbeddedBytes(PickleSession session, PickleValue argument) => argument switch
    {
        PickleBytes bytes => bytes,
        // Protocol 2 writes bytes as _codecs.encode('…', 'latin1').
        PickleObject { Callee: PickleGlobal encode, Arguments: [PickleString { Truncated: false } text, ..] } when session.Canonical(encode) is "codecs.encode" =>
            new PickleBytes(System.Text.Encoding.Latin1.GetBytes(text.Text), text.Text.Length),
        PickleObject { Callee: PickleGlobal wrapper, Arguments.Count: >= 1 } obj when session.Canonical(wrapper) is "io.BytesIO" => EmbeddedBytes(session, obj.Arguments[0]),
        _ => null,
    };
}
