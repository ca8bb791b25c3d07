using Bulwark.Core.Findings;

namespace Bulwark.Ml.ModelFiles.TensorFlow;

/// <summary>Rules for TensorFlow SavedModel and GraphDef files: graph ops that reach outside the tensor math.</summary>
internal static class TensorFlowRules
{
    public static readonly RuleDescriptor PythonOp = new(
        "model-tf-python-op", "TensorFlow graph runs Python",
        "PyFunc, PyFuncStateless and EagerPyFunc call back into Python from the graph: whoever controls the process's registered functions (or the graph) runs arbitrary code when the model executes.",
        Severity.Critical, "Do not load this model outside a sandbox; re-export it without py_function/numpy_function.") { Tags = ["model", "tensorflow", "code-execution"] };

    public static readonly RuleDescriptor FileWrite = new(
        "model-tf-file-write", "TensorFlow graph writes files",
        "The graph contains an op that writes or moves files (WriteFile, Save*, MergeV2Checkpoints outside the saver, summaries, file:// debug or print sinks): running the model can overwrite files the process can reach.",
        Severity.High, "Inspect the named nodes; an inference model has no reason to write files.") { Tags = ["model", "tensorflow", "file-system"] };

    public static readonly RuleDescriptor FileRead = new(
        "model-tf-file-read", "TensorFlow graph reads files",
        "The graph contains an op that reads arbitrary files (ReadFile, Restore* outside the saver, ImmutableConst with a memory region path): running the model can leak files into its outputs.",
        Severity.High, "Inspect the named nodes; an inference model has no reason to read files.") { Tags = ["model", "tensorflow", "file-system"] };

    public static readonly RuleDescriptor FileAccess = new(
        "model-tf-file-access", "TensorFlow graph lists or streams files",
        "The graph contains a file-system op (MatchingFiles, TFRecord/TextLine/FixedLength datasets and readers, snapshot or SQL datasets): data pipelines use these, inference graphs rarely do.",
        Severity.Medium, "Check that the paths the node reads come from your own inputs.") { Tags = ["model", "tensorflow", "file-system"] };

    public static readonly RuleDescriptor DebugSink = new(
        "model-tf-debug-sink", "TensorFlow graph sends tensors to a debug URL",
        "A Debug* op carries debug_urls: tensors are published to that address while the model runs.",
        Severity.Medium, "Remove the tfdbg instrumentation from the exported graph.") { Tags = ["model", "tensorflow", "exfiltration"] };

    public static IReadOnlyList<RuleDescriptor> All { get; } = [PythonOp, FileWrite, FileRead, FileAccess, DebugSink];
}
