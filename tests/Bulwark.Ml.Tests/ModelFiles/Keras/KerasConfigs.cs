namespace Bulwark.Ml.Tests.ModelFiles.Keras;

/// <summary>Keras configs as Keras 3 writes them into a .keras archive's config.json.</summary>
internal static class KerasConfigs
{
    public const string Dense = """{"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 4, "activation": "relu", "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}}, "registered_name": null, "build_config": {"input_shape": [null, 8]}}""";

    public const string InputLayer = """{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 8], "dtype": "float32", "name": "input_layer"}, "registered_name": null}""";

    /// <summary>Keras 3's Lambda: function is {"class_name": "__lambda__", "config": {"code": base64}}; the code is a placeholder.</summary>
    public const string Lambda = """{"module": "keras.layers", "class_name": "Lambda", "config": {"name": "sneaky", "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAAAAAAAAEAAAADAAAA", "defaults": null, "closure": null}}, "arguments": {}}, "registered_name": null}""";

    public static string Sequential(params string[] layers) =>
        $$$"""{"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "layers": [{{{string.Join(", ", layers)}}}]}, "registered_name": null, "build_config": {"input_shape": [null, 8]}, "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {"learning_rate": 0.001}, "registered_name": null}, "loss": "mse", "metrics": null}}""";

    /// <summary>A function reference as Keras 3 serializes one: module, class_name "function", config = the name.</summary>
    public static string Function(string module, string name) =>
        $$"""{"module": "{{module}}", "class_name": "function", "config": "{{name}}", "registered_name": "{{name}}"}""";

    public static string DenseWithActivation(string activation) =>
        $$$"""{"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_custom", "units": 4, "activation": {{{activation}}}}, "registered_name": null}""";
}
