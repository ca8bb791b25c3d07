namespace Bulwark.Ml.ModelFiles.Keras;

/// <summary>Which modules a Keras config may name without importing foreign code, and the few names inside them that still do harm.</summary>
internal static class KerasNamespaces
{
    private static readonly string[] Standard = ["keras", "tensorflow", "tf_keras", "keras_nlp", "keras_cv", "keras_hub"];

    /// <summary>True for the Keras/TensorFlow packages and their submodules.</summary>
    public static bool IsStandard(string module)
    {
        foreach (var root in Standard)
        {
            if (module.StartsWith(root, StringComparison.Ordinal) && (module.Length == root.Length || module[root.Length] == '.'))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Why a callable inside the standard namespaces is still dangerous (safe_mode bypasses go through these),
    /// or null when it is not.
    /// </summary>
    public static string? DangerousStandardCallable(string name) => name switch
    {
        "get_file" => "downloads a file from a URL to the local disk",
        "load_library" or "load_op_library" or "load_pluggable_device_library" => "loads a native library",
        "py_function" or "numpy_function" or "py_func" => "runs a Python function",
        "write_file" or "read_file" => "reads or writes a file",
        "matching_files" => "lists files",
        _ => null,
    };

    /// <summary>Why a TFOpLambda's tf.* function is dangerous, or null for ordinary tensor math.</summary>
    public static string? DangerousTfFunction(string function)
    {
        var last = function.AsSpan()[(function.LastIndexOf('.') + 1)..].ToString();
        if (DangerousStandardCallable(last) is { } why)
        {
            return why;
        }
        return function.Contains("gfile", StringComparison.Ordinal) ? "touches the file system" : null;
    }
}
