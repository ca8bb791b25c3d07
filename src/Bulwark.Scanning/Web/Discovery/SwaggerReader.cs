using System.Text.Json.Nodes;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// Reads a Swagger 2.0 document into the same operations the OpenAPI 3 reader produces: <c>basePath</c> as the
/// base, <c>schemes</c> and <c>host</c> as the origin, query / path / header parameters with samples from their
/// own type, a <c>body</c> parameter's schema as the JSON body, <c>formData</c> parameters as form fields, and
/// <c>security</c> (checked against <c>securityDefinitions</c>) as the requirement. Same limits and the same
/// "skip the broken part with a warning" rule as <see cref="OpenApiReader"/>.
/// </summary>
internal static class SwaggerReader
{
    private const string Form = "application/x-www-form-urlencoded";

    public static OpenApiDocument Read(JsonObject root, OpenApiDocumentSet documents)
    {
        var warnings = new List<string>(documents.Problems);
        var context = new OpenApiReader.Context(documents, warnings);
        var definitions = root["securityDefinitions"] as JsonObject;
        CheckSchemes(root["security"], definitions, "the document", warnings);
        var globalAuth = OpenApiReader.RequiresAuth(root["security"]) ?? false;
        var operations = new List<OpenApiOperation>();
        var document = new OpenApiDocument(BasePath(root), operations, warnings) { Origin = Origin(root) };
        if (root["paths"] is not JsonObject paths)
        {
            warnings.Add("no 'paths' object");
            return document;
        }
        foreach (var (path, itemNode) in paths)
        {
            if (!path.StartsWith('/') || context.Resolve(itemNode) is not JsonObject item)
            {
                warnings.Add($"path '{OpenApiReader.Short(path)}' skipped: not a path item");
                continue;
            }
            foreach (var method in OpenApiReader.Methods)
            {
                if (context.Resolve(item[method]) is not JsonObject operation)
                {
                    continue;
                }
                if (operations.Count == OpenApiReader.MaxOperations)
                {
                    warnings.Add($"more than {OpenApiReader.MaxOperations} operations; the rest were skipped");
                    return document;
                }
                CheckSchemes(operation["security"], definitions, $"{method.ToUpperInvariant()} {OpenApiReader.Short(path)}", warnings);
                operations.Add(ReadOperation(context, method, path, item, operation, globalAuth));
            }
        }
        return document;
    }

    private static OpenApiOperation ReadOperation(OpenApiReader.Context context, string method, string path, JsonObject item, JsonObject operation, bool globalAuth)
    {
        var parameters = new List<OpenApiParameter>();
        JsonNode? body = null;
        string? contentType = null;
        JsonObject? form = null;
        // Operation parameters first: they override path-item ones with the same name and location.
        foreach (var entry in Entries(operation["parameters"]).Concat(Entries(item["parameters"])).Take(200))
        {
            if (context.Resolve(entry) is not JsonObject parameter || OpenApiReader.Str(parameter["name"]) is not { Length: > 0 } name
                || OpenApiReader.Str(parameter["in"]) is not { } location)
            {
                if (!OpenApiReader.IsReference(entry))
                {
                    context.Warnings.Add($"{OpenApiReader.Short(path)}: a parameter without name or 'in' was skipped");
                }
                continue;
            }
            context.SampleBudget = OpenApiReader.Context.NodesPerSample;
            switch (location)
            {
                case "body" when body is null && form is null:
                    body = parameter["schema"] is JsonObject schema && schema["example"] is { } example ? example.DeepClone() : OpenApiReader.Sample(context, parameter["schema"], 0);
                    contentType = "application/json";
                    break;
                case "formData" when body is null:
                    form ??= [];
                    form[name] ??= OpenApiReader.Sample(context, parameter, 0);
                    contentType = Form;
                    break;
                case "query" or "path" or "header" when !parameters.Any(p => p.Name == name && p.In == location):
                    var sample = parameter["x-example"] is JsonValue x ? OpenApiReader.ScalarText(x) : OpenApiReader.ScalarText(OpenApiReader.Sample(context, parameter, 0));
                    var required = location == "path" || parameter["required"] is JsonValue r && r.TryGetValue<bool>(out var b) && b;
                    parameters.Add(new OpenApiParameter(name, location, required, sample));
                    break;
            }
        }
        var text = string.Join(' ', new[] { OpenApiReader.Str(operation["operationId"]), OpenApiReader.Str(operation["summary"]), OpenApiReader.Str(operation["description"])?.Split('\n')[0] }
            .Concat((operation["tags"] as JsonArray ?? []).Select(OpenApiReader.Str)).Where(t => !string.IsNullOrEmpty(t)));
        return new OpenApiOperation(method.ToUpperInvariant(), path, parameters, OpenApiReader.RequiresAuth(operation["security"]) ?? globalAuth)
        {
            BodySample = body ?? form,
            BodyContentType = contentType,
            Text = text.Length > 500 ? text[..500] : text,
        };
    }

    private static IEnumerable<JsonNode?> Entries(JsonNode? node) => node as JsonArray ?? [];

    /// <summary>A requirement naming a scheme that securityDefinitions lacks still demands credentials; it is worth a warning.</summary>
    private static void CheckSchemes(JsonNode? security, JsonObject? definitions, string where, List<string> warnings)
    {
        foreach (var requirement in (security as JsonArray ?? []).OfType<JsonObject>().Take(20))
        {
            foreach (var (scheme, _) in requirement.Where(r => definitions?.ContainsKey(r.Key) != true).Take(5))
            {
                if (warnings.Count < 50)
                {
                    warnings.Add($"{where}: security scheme '{OpenApiReader.Short(scheme)}' is not in securityDefinitions");
                }
            }
        }
    }

    private static string BasePath(JsonObject root) =>
        OpenApiReader.Str(root["basePath"]) is { } path && path.StartsWith('/') && !path.Contains('{', StringComparison.Ordinal) ? path.TrimEnd('/') : "";

    /// <summary>The first of <c>schemes</c> that is http(s) (https preferred), with <c>host</c>; null without a host.</summary>
    private static string? Origin(JsonObject root)
    {
        if (OpenApiReader.Str(root["host"]) is not { Length: > 0 } host)
        {
            return null;
        }
        var schemes = (root["schemes"] as JsonArray ?? []).Select(OpenApiReader.Str).ToList();
        var scheme = schemes.Contains("https") ? "https" : schemes.Contains("http") ? "http" : "https";
        return Uri.TryCreate($"{scheme}://{host}", UriKind.Absolute, out var origin) && origin.AbsolutePath == "/" ? origin.GetLeftPart(UriPartial.Authority) : null;
    }
}
