using System.Buffers.Text;
using System.Text.Json;
using Bulwark.Core.Findings;
using Bulwark.Ml.ModelFiles.TensorFlow;

namespace Bulwark.Ml.ModelFiles.Keras;

/// <summary>
/// Walks a Keras model config (Keras 3 <c>config.json</c>, Keras 2 <c>model.to_json()</c> in an HDF5
/// <c>model_config</c>) for what runs code on load: Lambda layers and <c>__lambda__</c> functions (marshalled
/// bytecode: measured, never decoded into anything), <c>module</c>/<c>class_name</c> references outside the
/// Keras namespaces (classified through <see cref="IGlobalClassifier"/>), and TFOpLambda calls. Recursion
/// follows the document, whose depth <see cref="KerasJson"/> caps at 64.
/// </summary>
internal sealed class KerasConfigInspector(ModelScanContext context, ModelLocation where, string via, CancellationToken cancellationToken)
{
    private const int MaxIssues = 200;
    private const int CheckEvery = 4096;

    private int _reported;
    private int _unlisted;
    private int _visited;

    public void Inspect(JsonElement root)
    {
        Walk(root, null);
        if (_unlisted > 0)
        {
            context.Notice(NoticeLevel.Info, where, $"keras: {_unlisted} more findings of the same kinds not listed");
        }
    }

    private void Walk(JsonElement element, string? layer)
    {
        if (++_visited % CheckEvery == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.Expired)
            {
                throw new ScanExpiredException();
            }
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                layer = InspectObject(element, layer);
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, layer);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, layer);
                }
                break;
        }
    }

    /// <summary>Checks one object and returns the layer name its children belong to.</summary>
    private string? InspectObject(JsonElement node, string? layer)
    {
        if (Text(node, "class_name") is not { } className)
        {
            return layer;
        }
        var config = node.TryGetProperty("config", out var value) ? value : default;
        if (config.ValueKind == JsonValueKind.Object && Text(config, "name") is { } name)
        {
            layer = name;
        }
        switch (className)
        {
            case "Lambda" when config.ValueKind == JsonValueKind.Object:
                InspectLambda(config, layer);
                break;
            case "__lambda__" when config.ValueKind == JsonValueKind.Object:
                ReportBytecode(layer, Text(config, "code"));
                break;
            case "TFOpLambda" when config.ValueKind == JsonValueKind.Object && Text(config, "function") is { } function:
                if (KerasNamespaces.DangerousTfFunction(function) is { } why)
                {
                    Report(KerasRules.TfOpLambda, KerasRules.TfOpLambda.Severity, $"TFOpLambda layer '{layer}' calls tf.{function}, which {why}.", layer, $"tf.{function}");
                }
                break;
        }
        if (Text(node, "module") is { } module)
        {
            var callable = className == "function" && config.ValueKind == JsonValueKind.String ? config.GetString()! : className;
            InspectCallable(module, callable, layer);
        }
        return layer;
    }

    /// <summary>Keras 2 Lambda: function is [base64 bytecode, defaults, closure] or a name with a module.</summary>
    private void InspectLambda(JsonElement config, string? layer)
    {
        foreach (var (key, kind) in (ReadOnlySpan<(string, string)>)[("function", "function_type"), ("output_shape", "output_shape_type")])
        {
            if (!config.TryGetProperty(key, out var function))
            {
                continue;
            }
            if (function.ValueKind == JsonValueKind.Array && function.GetArrayLength() > 0 && function[0].ValueKind == JsonValueKind.String)
            {
                ReportBytecode(layer, function[0].GetString());
            }
            else if (function.ValueKind == JsonValueKind.String && Text(config, kind) == "function" && Text(config, key == "function" ? "module" : "output_shape_module") is { } module)
            {
                InspectCallable(module, function.GetString()!, layer);
            }
        }
    }

    private void InspectCallable(string module, string name, string? layer)
    {
        var verdict = context.Globals.Classify(module, name);
        var qualified = $"{module}.{name}";
        if (KerasNamespaces.IsStandard(module))
        {
            if (verdict.Class == GlobalClass.Dangerous || KerasNamespaces.DangerousStandardCallable(name) is not null)
            {
                context.RecordGlobal(new GlobalReference(where, module, name, via, verdict));
                var why = verdict.Class == GlobalClass.Dangerous ? verdict.Reason : KerasNamespaces.DangerousStandardCallable(name);
                var severity = verdict.Class == GlobalClass.Dangerous ? verdict.Severity : Severity.High;
                Report(KerasRules.DangerousObject, severity, $"Layer '{layer}' references {qualified}, which {why}.", layer, qualified);
            }
            return;
        }
        context.RecordGlobal(new GlobalReference(where, module, name, via, verdict));
        switch (verdict.Class)
        {
            case GlobalClass.Dangerous:
                Report(KerasRules.DangerousObject, verdict.Severity, $"Layer '{layer}' imports {qualified}: {verdict.Reason}.", layer, qualified);
                break;
            case GlobalClass.Unknown:
                Report(KerasRules.CustomObject, context.Strict ? Severity.High : Severity.Medium, $"Layer '{layer}' imports {qualified} from outside Keras; loading the model imports that module.", layer, qualified);
                break;
        }
    }

    private void ReportBytecode(string? layer, string? code)
    {
        var size = code is not null && Base64.IsValid(code, out var decoded) ? $"{decoded} bytes of" : "undecodable";
        Report(KerasRules.Lambda, KerasRules.Lambda.Severity, $"Lambda layer '{layer}' carries {size} marshalled Python bytecode, run when the model is loaded or called.", layer, null);
    }

    private void Report(RuleDescriptor rule, Severity severity, string message, string? layer, string? global)
    {
        if (_reported >= MaxIssues)
        {
            _unlisted++;
            return;
        }
        _reported++;
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["layer"] = layer ?? "" };
        if (global is not null)
        {
            properties["global"] = global;
        }
        context.Report(new ModelIssue(rule, severity, where, message) { Properties = properties });
    }

    private static string? Text(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
