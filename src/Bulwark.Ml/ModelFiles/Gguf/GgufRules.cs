using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Gguf;

/// <summary>
/// Rules for GGUF files. Tensors cannot run code, but the chat template is a Jinja program that inference
/// servers render for every request; a template that walks Python's object graph escapes weak sandboxes
/// (llama-cpp-python before 0.2.72 rendered it unsandboxed: CVE-2024-34359).
/// </summary>
internal static class GgufRules
{
    public static readonly RuleDescriptor TemplateInjection = Rule(
        "model-gguf-template-injection", "GGUF chat template contains a Jinja injection gadget", Severity.Critical,
        "The chat template reaches Python internals (__class__, __globals__, __subclasses__, …) or Jinja/Flask globals used as gadget roots (cycler, joiner, lipsum, request, config, self). Chat templates only format messages; these constructs exist to escape the template sandbox and run code on the inference server.",
        "Do not serve this model; replace the chat template with a known-good one for its architecture.");

    public static readonly RuleDescriptor Malformed = Rule(
        "model-gguf-malformed", "Malformed GGUF structure", Severity.Medium,
        "The header, metadata or tensor table is truncated, out of bounds or of an unknown type. Loaders that read past such errors (or stop at them) see different files.",
        "Re-convert the model with the reference tools.");

    public static readonly RuleDescriptor InvalidTensor = Rule(
        "model-gguf-invalid-tensor", "Invalid GGUF tensor entry", Severity.Medium,
        "A tensor has too many dimensions, an unknown type, a misaligned offset, or data outside the file or overlapping another tensor.",
        "Re-convert the model with the reference tools.");

    public static readonly RuleDescriptor DuplicateKey = Rule(
        "model-gguf-duplicate-key", "GGUF repeats a metadata key or tensor name", Severity.High,
        "Two metadata entries (or tensors) share a name. Readers keep different copies, so a benign chat template can shadow a malicious one.",
        "Treat the file as tampered with.");

    public static IReadOnlyList<RuleDescriptor> All { get; } = [TemplateInjection, Malformed, InvalidTensor, DuplicateKey];

    private static RuleDescriptor Rule(string id, string title, Severity severity, string description, string help) =>
        new(id, title, description, severity, help) { Tags = ["model", "gguf"] };
}
