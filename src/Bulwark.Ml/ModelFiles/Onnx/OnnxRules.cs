using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Onnx;

/// <summary>Rules for ONNX models: operators that need native code, and external data that reaches outside the model.</summary>
internal static class OnnxRules
{
    public static readonly RuleDescriptor CustomOperator = new(
        "model-onnx-custom-op", "ONNX model uses a custom operator domain",
        "Nodes use an operator domain outside the ONNX standard: the runtime must load a native custom-op library (register_custom_ops_library) to run them, and that library runs with the process's rights.",
        Severity.Medium, "Find out which library implements the domain and where it comes from before loading it.") { Tags = ["model", "onnx", "native-code"] };

    public static readonly RuleDescriptor ContribOperator = new(
        "model-onnx-contrib-op", "ONNX model uses ONNX Runtime contrib operators",
        "Nodes use the com.microsoft domain, which ONNX Runtime ships itself (fused attention, quantization); no extra library is loaded, but other runtimes cannot run the model.",
        Severity.Low, "Nothing to do for ONNX Runtime; note it when targeting another runtime.") { Tags = ["model", "onnx"] };

    public static readonly RuleDescriptor ExternalDataEscape = new(
        "model-onnx-external-data-escape", "ONNX external data points outside the model folder",
        "A tensor's external_data location is absolute, climbs with '..' or resolves outside the model's folder: loading the model reads that file (for example /etc/passwd or a key) into a tensor whose values can leak through the outputs.",
        Severity.High, "Do not load the model; legitimate external data sits beside the .onnx file with a plain relative name.") { Tags = ["model", "onnx", "file-system", "path-traversal"] };

    public static IReadOnlyList<RuleDescriptor> All { get; } = [CustomOperator, ContribOperator, ExternalDataEscape];
}
