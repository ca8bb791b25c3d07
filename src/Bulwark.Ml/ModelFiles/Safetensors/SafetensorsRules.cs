using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Safetensors;

/// <summary>
/// Rules for safetensors files. The format cannot run code; what matters is a header that loaders read
/// differently (duplicate keys, overlapping tensors) and bytes that no tensor accounts for (room for a payload
/// that a custom loader or a second-stage tool picks up).
/// </summary>
internal static class SafetensorsRules
{
    public static readonly RuleDescriptor MalformedHeader = Rule(
        "model-safetensors-malformed-header", "Malformed safetensors header", Severity.Medium,
        "The header length is out of bounds, the JSON is invalid or not an object, or __metadata__ is not a string-to-string map. The reference loader refuses such files; other loaders may not.",
        "Re-export the tensors with the safetensors library.");

    public static readonly RuleDescriptor InvalidTensor = Rule(
        "model-safetensors-invalid-tensor", "Invalid safetensors tensor entry", Severity.Medium,
        "A tensor has an unknown dtype, a bad shape, offsets outside the data section, or a byte length that does not match shape × dtype size.",
        "Re-export the tensors with the safetensors library.");

    public static readonly RuleDescriptor Overlap = Rule(
        "model-safetensors-overlap", "Safetensors tensors share bytes", Severity.High,
        "Two tensors' byte ranges overlap. The format forbids it; it makes one tensor's bytes mean two things, and loaders that check and loaders that do not see different models.",
        "Treat the file as tampered with.");

    public static readonly RuleDescriptor HiddenData = Rule(
        "model-safetensors-hidden-data", "Safetensors data section has unindexed bytes", Severity.Medium,
        "Bytes of the data section belong to no tensor (a gap or trailing data). The format requires full coverage; unindexed bytes can carry a hidden payload.",
        "Treat the file as tampered with; re-export it with the safetensors library.");

    public static readonly RuleDescriptor DuplicateKey = Rule(
        "model-safetensors-duplicate-key", "Safetensors header repeats a key", Severity.High,
        "The JSON header names a tensor (or __metadata__) twice. JSON parsers keep different copies, so two loaders read different tensors from one file.",
        "Treat the file as tampered with.");

    public static IReadOnlyList<RuleDescriptor> All { get; } = [MalformedHeader, InvalidTensor, Overlap, HiddenData, DuplicateKey];

    private static RuleDescriptor Rule(string id, string title, Severity severity, string description, string help) =>
        new(id, title, description, severity, help) { Tags = ["model", "safetensors"] };
}
