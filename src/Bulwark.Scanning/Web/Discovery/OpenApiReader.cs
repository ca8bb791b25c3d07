using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>
/// Reads an OpenAPI 3.x document (JSON or YAML; Swagger 2.0 through <see cref="SwaggerReader"/>) into operations: path templates, parameters with sample
/// values, a sample JSON body, and the effective security requirement. <c>$ref</c>s are followed to a bounded
/// depth, into other documents when <see cref="OpenApiRefLoader"/> loaded them; anything malformed inside an operation is a warning and that part is skipped — only a
/// document that is not OpenAPI 3 at all is an error.
/// </summary>
internal static class OpenApiReader
{
    public const int MaxDocumentChars = 10_000_000;
    public const int MaxNodes = 500_000;
    public const int MaxDepth = 64;
    public const int MaxOperations = 5_000;
    public const int MaxRefDepth = 8;
    public const int MaxSampleProperties = 30;

    internal static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    /// <summary>Reads one document on its own: references to other documents are not followed (each is a warning).</summary>
    /// <exception cref="OpenApiException">Not a usable OpenAPI 3 document.</exception>
    public static OpenApiDocument Read(string text)
    {
        var budget = MaxNodes;
        return Read(OpenApiDocumentSet.Single(Parse(text, ref budget)));
    }

    /// <summary>Reads a document with the documents its references lead to (<see cref="OpenApiRefLoader"/>); their problems come first among the warnings.</summary>
    /// <exception cref="OpenApiException">Not a usable OpenAPI 3 document.</exception>
    public static OpenApiDocument Read(OpenApiDocumentSet documents)
    {
        var root = documents.Root as JsonObject ?? throw new OpenApiException("not an OpenAPI document (the top level is not an object)");
        var version = root["openapi"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (version is null && root["swagger"] is { } swagger)
        {
            return Str(swagger) == "2.0"
                ? SwaggerReader.Read(root, documents)
                : throw new OpenApiException($"Swagger {Short(Str(swagger) ?? "?")} is not supported (2.0 and OpenAPI 3.x only)");
        }
        if (version is null)
        {
            throw new OpenApiException("not an OpenAPI document (no 'openapi' version field)");
        }
        if (!version.StartsWith("3.", StringComparison.Ordinal))
        {
            throw new OpenApiException($"OpenAPI {version} is not supported (3.x only)");
        }
        var warnings = new List<string>(documents.Problems);
        var context = new Context(documents, warnings);
        var globalAuth = RequiresAuth(root["security"]) ?? false;
        var operations = new List<OpenApiOperation>();
        if (root["paths"] is not JsonObject paths)
        {
            warnings.Add("no 'paths' object");
            return new OpenApiDocument(BasePath(root), operations, warnings) { Origin = Origin(root) };
        }
        foreach (var (path, itemNode) in paths)
        {
            if (!path.StartsWith('/') || context.Resolve(itemNode) is not JsonObject item)
            {
                warnings.Add($"path '{Short(path)}' skipped: not a path item");
                continue;
            }
            var shared = ReadParameters(context, item["parameters"], path);
            foreach (var method in Methods)
            {
                if (context.Resolve(item[method]) is not JsonObject operation)
                {
                    continue;
                }
                if (operations.Count == MaxOperations)
                {
                    warnings.Add($"more than {MaxOperations} operations; the rest were skipped");
                    return new OpenApiDocument(BasePath(root), operations, warnings) { Origin = Origin(root) };
                }
                operations.Add(ReadOperation(context, method, path, operation, shared, globalAuth));
            }
        }
        return new OpenApiDocument(BasePath(root), operations, warnings) { Origin = Origin(root) };
    }

    /// <summary>JSON or YAML text to a JSON tree; YAML nodes are taken from <paramref name="nodeBudget"/>, which documents loaded together share.</summary>
    /// <exception cref="OpenApiException">Too large, too deep, or not JSON/YAML.</exception>
    internal static JsonNode? Parse(string text, ref int nodeBudget)
    {
        if (text.Length > MaxDocumentChars)
        {
            throw new OpenApiException($"document larger than {MaxDocumentChars / 1_000_000} MB");
        }
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(trimmed, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException ex)
            {
                throw new OpenApiException($"invalid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}");
            }
        }
        return YamlJson.Convert(trimmed, ref nodeBudget, MaxDepth);
    }

    private static OpenApiOperation ReadOperation(Context context, string method, string path, JsonObject operation, List<OpenApiParameter> shared, bool globalAuth)
    {
        context.SampleBudget = Context.NodesPerSample;
        var parameters = ReadParameters(context, operation["parameters"], path);
        // Operation parameters override path-item ones with the same name and location.
        foreach (var parameter in shared.Where(p => !parameters.Any(o => o.Name == p.Name && o.In == p.In)))
        {
            parameters.Add(parameter);
        }
        var requiresAuth = RequiresAuth(operation["security"]) ?? globalAuth;
        JsonNode? body = null;
        string? contentType = null;
        if (context.Resolve(operation["requestBody"]) is JsonObject requestBody && requestBody["content"] is JsonObject content)
        {
            foreach (var (type, media) in content)
            {
                if (type.Contains("json", StringComparison.OrdinalIgnoreCase) || type == "*/*")
                {
                    contentType = "application/json";
                    var mediaObject = media as JsonObject;
                    body = mediaObject?["example"]?.DeepClone() ?? Sample(context, mediaObject?["schema"], 0);
                    break;
                }
                if (type.Contains("form-urlencoded", StringComparison.OrdinalIgnoreCase) && contentType is null)
                {
                    contentType = type;
                    body = Sample(context, (media as JsonObject)?["schema"], 0);
                }
            }
        }
        var text = string.Join(' ', new[] { Str(operation["operationId"]), Str(operation["summary"]), Str(operation["description"])?.Split('\n')[0] }
            .Concat((operation["tags"] as JsonArray ?? []).Select(Str)).Where(t => !string.IsNullOrEmpty(t)));
        return new OpenApiOperation(method.ToUpperInvariant(), path, parameters, requiresAuth)
        {
            BodySample = body,
            BodyContentType = contentType,
            Text = text.Length > 500 ? text[..500] : text,
        };
    }

    private static List<OpenApiParameter> ReadParameters(Context context, JsonNode? node, string path)
    {
        var result = new List<OpenApiParameter>();
        if (node is not JsonArray array)
        {
            return result;
        }
        foreach (var entry in array.Take(100))
        {
            if (context.Resolve(entry) is not JsonObject parameter || Str(parameter["name"]) is not { Length: > 0 } name || Str(parameter["in"]) is not { } location)
            {
                if (!IsReference(entry))
                {
                    context.Warnings.Add($"{Short(path)}: a parameter without name or 'in' was skipped");
                }
                continue;
            }
            if (location is not ("query" or "path" or "header" or "cookie"))
            {
                continue;
            }
            context.SampleBudget = Context.NodesPerSample;
            var sample = parameter["example"] is JsonValue example ? ScalarText(example) : ScalarText(Sample(context, parameter["schema"], 0));
            var required = location == "path" || parameter["required"] is JsonValue r && r.TryGetValue<bool>(out var b) && b;
            result.Add(new OpenApiParameter(name, location, required, sample));
        }
        return result;
    }

    /// <summary>A reference that led nowhere was reported where it was followed; the skipped parameter needs no second warning.</summary>
    internal static bool IsReference(JsonNode? entry) => entry is JsonObject obj && obj.ContainsKey("$ref");

    /// <summary>True when a requirement list demands credentials; an empty list or an empty object (optional auth) does not. Null: not given.</summary>
    internal static bool? RequiresAuth(JsonNode? security) => security switch
    {
        JsonArray list => list.Count > 0 && list.All(requirement => requirement is JsonObject { Count: > 0 }),
        _ => null,
    };

    /// <summary>The scheme, host and port of the first server with an absolute URL, or null.</summary>
    private static string? Origin(JsonObject root) =>
        root["servers"] is JsonArray { Count: > 0 } servers && Str(servers[0]?["url"]) is { } url && !url.Contains('{', StringComparison.Ordinal)
            && Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.GetLeftPart(UriPartial.Authority)
            : null;

    private static string BasePath(JsonObject root)
    {
        if (root["servers"] is JsonArray { Count: > 0 } servers && Str(servers[0]?["url"]) is { } url)
        {
            // Server variables ({version}) take no guessed value: only a literal path is used.
            var path = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : url.StartsWith('/') ? url : "";
            return path.Contains('{', StringComparison.Ordinal) ? "" : path.TrimEnd('/');
        }
        return "";
    }

    /// <summary>A sample value for a schema: example, default, first enum value, or one built from the type.</summary>
    internal static JsonNode? Sample(Context context, JsonNode? schemaNode, int depth)
    {
        if (--context.SampleBudget < 0 || depth > MaxRefDepth || context.Resolve(schemaNode) is not JsonObject schema)
        {
            return null;
        }
        if (schema["example"] is { } example)
        {
            return example.DeepClone();
        }
        if (schema["default"] is { } fallback)
        {
            return fallback.DeepClone();
        }
        if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }
        foreach (var combinator in (string[])["allOf", "oneOf", "anyOf"])
        {
            if (schema[combinator] is JsonArray { Count: > 0 } parts)
            {
                if (combinator != "allOf")
                {
                    return Sample(context, parts[0], depth + 1);
                }
                var merged = new JsonObject();
                foreach (var part in parts.Take(10))
                {
                    if (Sample(context, part, depth + 1) is JsonObject partObject)
                    {
                        foreach (var (key, value) in partObject.ToList())
                        {
                            merged[key] = value?.DeepClone();
                        }
                    }
                }
                return merged;
            }
        }
        var type = schema["type"] switch
        {
            JsonValue t when t.TryGetValue<string>(out var name) => name,
            JsonArray types => types.Select(Str).FirstOrDefault(t => t is not null and not "null"),
            _ => schema["properties"] is not null ? "object" : "string",
        };
        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, property) in properties.Take(MaxSampleProperties))
                    {
                        if (context.SampleBudget <= 0)
                        {
                            break;
                        }
                        obj[name] = Sample(context, property, depth + 1);
                    }
                }
                return obj;
            case "array":
                var item = Sample(context, schema["items"], depth + 1);
                return new JsonArray(item);
            case "integer":
                return JsonValue.Create(Str(schema["minimum"]) is { } min && long.TryParse(min, CultureInfo.InvariantCulture, out var m) ? Math.Max(m, 1) : 1);
            case "number":
                return JsonValue.Create(1.0);
            case "boolean":
                return JsonValue.Create(true);
            default:
                return JsonValue.Create(Str(schema["format"]) switch
                {
                    "uri" or "url" => "https://example.com/",
                    "email" => "user@example.com",
                    "date" => "2024-01-01",
                    "date-time" => "2024-01-01T00:00:00Z",
                    "uuid" => "00000000-0000-4000-8000-000000000001",
                    _ => "test",
                });
        }
    }

    internal static string ScalarText(JsonNode? node) => node switch
    {
        null => "1",
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value => value.ToJsonString(),
        _ => "1",
    };

    internal static string? Str(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : node is JsonValue other ? other.ToJsonString() : null;

    internal static string Short(string text) => text.Length <= 80 ? text : text[..80] + "…";

    /// <summary>
    /// Follows <c>$ref</c>s up to <see cref="MaxRefDepth"/> hops: inside a document, and into the other documents of
    /// the set, each reference resolved against the document it is written in. A chain that comes back to where
    /// it has been is a cycle and resolves to nothing.
    /// </summary>
    internal sealed class Context(OpenApiDocumentSet documents, List<string> warnings)
    {
        public const int NodesPerSample = 2_000;

        public List<string> Warnings { get; } = warnings;

        /// <summary>Schema nodes one sample may still visit: nested allOf/properties cannot multiply without end.</summary>
        public int SampleBudget { get; set; } = NodesPerSample;

        public JsonNode? Resolve(JsonNode? node)
        {
            HashSet<string>? visited = null;
            for (var hop = 0; node is JsonObject obj && obj["$ref"] is JsonValue reference && hop <= MaxRefDepth; hop++)
            {
                var target = reference.TryGetValue<string>(out var r) ? r : "";
                var (part, fragment) = OpenApiPointer.Split(target);
                var location = documents.LocationOf(obj);
                JsonNode? root;
                string key;
                if (part.Length == 0)
                {
                    root = obj.Root;
                    key = location is null ? "" : OpenApiPointer.Key(location);
                }
                else if (location is null || OpenApiPointer.Document(location, part) is not { } document)
                {
                    Warn($"reference '{Short(target)}' not followed (the document it names was not loaded)");
                    return null;
                }
                else if (!documents.TryGet(document, out root))
                {
                    // A refused document was reported, with its reason, when loading.
                    if (!documents.IsRefused(document))
                    {
                        Warn($"reference '{Short(target)}' not followed (the document it names was not loaded)");
                    }
                    return null;
                }
                else
                {
                    key = OpenApiPointer.Key(document);
                }
                if (!(visited ??= new HashSet<string>(StringComparer.Ordinal)).Add($"{key}#{fragment}"))
                {
                    Warn($"reference '{Short(target)}' is part of a reference cycle");
                    return null;
                }
                node = OpenApiPointer.Evaluate(root, fragment, out var found);
                if (!found)
                {
                    Warn($"reference '{Short(target)}' points nowhere");
                    return null;
                }
            }
            return node is JsonObject { } o && o.ContainsKey("$ref") ? null : node;
        }

        private void Warn(string message)
        {
            if (Warnings.Count < 50 && !Warnings.Contains(message))
            {
                Warnings.Add(message);
            }
        }
    }
}
