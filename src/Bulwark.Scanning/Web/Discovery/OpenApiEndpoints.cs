using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// Turns OpenAPI operations into endpoints on the target, and classifies inference and LLM operations by their
/// path, operationId, summary, tags and body fields.
/// </summary>
internal static partial class OpenApiEndpoints
{
    private static readonly string[] PromptFields = ["prompt", "messages", "message", "question", "query", "input", "inputs", "text", "content", "instruction"];

    public static List<Endpoint> From(OpenApiDocument document, Uri target)
    {
        var endpoints = new List<Endpoint>();
        foreach (var operation in document.Operations)
        {
            var path = document.BasePath + operation.Path;
            var concrete = path;
            var parameters = new List<EndpointParameter>();
            foreach (var parameter in operation.Parameters)
            {
                switch (parameter.In)
                {
                    case "path":
                        concrete = concrete.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(parameter.Sample), StringComparison.Ordinal);
                        parameters.Add(new EndpointParameter(parameter.Name, ParameterIn.Path, parameter.Sample));
                        break;
                    case "query":
                        parameters.Add(new EndpointParameter(parameter.Name, ParameterIn.Query, parameter.Sample));
                        break;
                }
            }
            if (!Uri.TryCreate(target, concrete, out var url) || concrete.Contains('{', StringComparison.Ordinal))
            {
                continue;
            }
            var body = operation.BodySample as JsonObject;
            var form = operation.BodyContentType?.Contains("form", StringComparison.OrdinalIgnoreCase) == true;
            if (body is not null)
            {
                foreach (var (name, value) in body)
                {
                    if (value is JsonValue scalar && (form || scalar.TryGetValue<string>(out _)))
                    {
                        parameters.Add(new EndpointParameter(name, form ? ParameterIn.Form : ParameterIn.Json, scalar.ToString()));
                    }
                }
            }
            // A form body travels as its fields; only JSON bodies keep a template.
            body = form ? null : body;
            var described = $"{path} {operation.Text}";
            var inference = operation.Method == "POST" && InferenceWords().IsMatch(described);
            var promptField = inference && body is not null && LlmWords().IsMatch(described) ? PromptFields.FirstOrDefault(body.ContainsKey) : null;
            endpoints.Add(new Endpoint(operation.Method, url, parameters, "openapi")
            {
                Path = path,
                RequiresAuth = operation.RequiresAuth,
                Inference = inference,
                PromptField = promptField,
                BodyTemplate = body,
            });
        }
        return endpoints;
    }

    [GeneratedRegex(@"(?i)predict|infer|generat|complet|chat|embed|invocation|classif|score|detect|transcri|translat|summari|/ask\b|/query\b|llm|prompt|/v\d+/models/[^/]+")]
    private static partial Regex InferenceWords();

    [GeneratedRegex(@"(?i)chat|complet|generat|prompt|llm|/ask\b|assistant|conversation|message")]
    private static partial Regex LlmWords();
}
