using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Pickle;

/// <summary>Rules raised by the pickle analysis (raw pickles, and pickles inside NumPy, joblib and PyTorch files).</summary>
internal static class PickleRules
{
    private static readonly string[] Tags = ["security", "model", "pickle"];

    public static readonly RuleDescriptor DangerousGlobal = new(
        "model-pickle-dangerous-global",
        "Pickle imports or calls a dangerous Python global",
        "Loading this pickle imports a Python global that can run commands, evaluate code, touch files or the network, or load further pickles. A pickle is a program: loading it calls what it names.",
        Severity.Critical,
        "Do not load the file. Obtain the model from a trusted source or in a format without code (safetensors, ONNX).") { Tags = Tags };

    public static readonly RuleDescriptor UnknownGlobal = new(
        "model-pickle-unknown-global",
        "Pickle imports a Python global that is not on the allowlist",
        "The pickle names a global outside the list of known model classes and functions; loading the file imports and may call it.",
        Severity.Medium,
        "Check what the global does; if it is a class of your own project, add it to the allowlist in the configuration.") { Tags = Tags };

    public static readonly RuleDescriptor Malformed = new(
        "model-pickle-malformed",
        "Pickle stream is truncated, oversized or invalid",
        "The pickle could not be analyzed to its end: it is truncated, uses an unknown opcode, exceeds a limit, or does something CPython rejects. Content after that point was not analyzed.",
        Severity.Medium,
        "Regenerate the file from its source; a damaged or hand-crafted pickle is suspicious.") { Tags = Tags };

    public static readonly RuleDescriptor Nested = new(
        "model-pickle-nested",
        "Pickle loads another pickle embedded in it",
        "The pickle passes an embedded pickle to a loader (pickle.loads, torch.load, ...): a second program hidden inside the first. Its contents are analyzed and reported separately.",
        Severity.High,
        "Do not load the file.") { Tags = Tags };

    public static readonly RuleDescriptor ExtensionCode = new(
        "model-pickle-ext-code",
        "Pickle uses a copyreg extension code",
        "EXT1/EXT2/EXT4 name a global through the process's copyreg extension registry, which is empty by default; what the code resolves to cannot be known from the file.",
        Severity.Medium,
        "Model files never need extension codes; treat the file as suspicious.") { Tags = Tags };

    public static readonly RuleDescriptor DynamicGlobal = new(
        "model-pickle-dynamic-global",
        "Pickle imports a global whose name is computed",
        "STACK_GLOBAL takes its module and name from values built while loading (results of calls), so the imported global cannot be read from the file.",
        Severity.High,
        "Treat the file as malicious unless its origin is known.") { Tags = Tags };

    public static readonly RuleDescriptor IndirectCall = new(
        "model-pickle-indirect-call",
        "Pickle calls something other than an imported global",
        "A REDUCE/NEWOBJ/BUILD calls a value made while loading (a call result or a loader-supplied object), a way to reach functions the pickle never names.",
        Severity.Medium,
        "Check the calls reported; model pickles only call named rebuild functions and classes.") { Tags = Tags };

    public static readonly RuleDescriptor AttributeOverride = new(
        "model-pickle-attribute-override",
        "Pickle overwrites attributes of a global or plants __setstate__",
        "BUILD sets attributes on a module or class (monkey-patching at load time), or gives an object its own __setstate__ so a later BUILD calls a function of the attacker's choice.",
        Severity.High,
        "Treat the file as malicious.") { Tags = Tags };

    public static IReadOnlyList<RuleDescriptor> All { get; } =
        [DangerousGlobal, UnknownGlobal, Malformed, Nested, ExtensionCode, DynamicGlobal, IndirectCall, AttributeOverride];
}
