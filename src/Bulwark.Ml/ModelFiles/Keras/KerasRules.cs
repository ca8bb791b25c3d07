using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.Keras;

/// <summary>Rules for Keras configs (.keras config.json, legacy .h5 model_config) and Hugging Face remote code.</summary>
internal static class KerasRules
{
    public static readonly RuleDescriptor Lambda = new(
        "model-keras-lambda", "Keras model holds marshalled Python bytecode",
        "A Lambda layer (or a __lambda__ function elsewhere in the config) stores its function as marshalled Python bytecode, which Keras turns back into a function and runs: arbitrary code on load or on the first call (safe_mode=False, or any Keras 2 / tf.keras).",
        Severity.Critical, "Do not load the model with safe_mode=False; rebuild the layer from source code you trust.") { Tags = ["model", "keras", "code-execution"] };

    public static readonly RuleDescriptor DangerousObject = new(
        "model-keras-dangerous-object", "Keras config imports a dangerous Python callable",
        "A module/class_name/registered_name reference resolves to a callable that runs commands, evaluates code or touches files; Keras imports and calls it while deserializing the model.",
        Severity.Critical, "Treat the file as hostile; do not load it.") { Tags = ["model", "keras", "code-execution"] };

    public static readonly RuleDescriptor CustomObject = new(
        "model-keras-custom-object", "Keras config imports code outside Keras",
        "A module/class_name/registered_name reference points outside the keras/tensorflow namespaces: loading the model imports that module, and whatever it runs at import time runs too.",
        Severity.Medium, "Check that the module is your own code, installed from a source you trust.") { Tags = ["model", "keras", "custom-code"] };

    public static readonly RuleDescriptor TfOpLambda = new(
        "model-keras-tf-op", "Keras TFOpLambda calls a TensorFlow function that runs Python or touches files",
        "TFOpLambda layers call a tf.* function by name when the model runs; py_function/numpy_function run Python and tf.io functions read or write files.",
        Severity.High, "Inspect the layer; an inference model has no reason to call these.") { Tags = ["model", "keras", "file-system"] };

    public static readonly RuleDescriptor RemoteCode = new(
        "model-hf-remote-code", "Hugging Face config loads custom code (auto_map)",
        "auto_map names Python classes in the model repository (or another one): loading the model with trust_remote_code=True imports and runs that code.",
        Severity.Medium, "Read the named modules before using trust_remote_code=True, and pin the repository revision.") { Tags = ["model", "huggingface", "custom-code"] };

    public static IReadOnlyList<RuleDescriptor> All { get; } = [Lambda, DangerousObject, CustomObject, TfOpLambda, RemoteCode];
}
