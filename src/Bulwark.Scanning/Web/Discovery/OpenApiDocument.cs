using System.Text.Json.Nodes;

namespace Bulwark.Scanning.Web.Discovery;

/// <summary>A parameter of an operation with the sample value its schema suggests.</summary>
internal sealed record OpenApiParameter(string Name, string In, bool Required, string Sample);

/// <summary>One operation: method, path template, inputs, a sample JSON body, and whether credentials are demanded.</summary>
internal sealed record OpenApiOperation(string Method, string Path, IReadOnlyList<OpenApiParameter> Parameters, bool RequiresAuth)
{
    public JsonNode? BodySample { get; init; }

    public string? BodyContentType { get; init; }

    /// <summary>operationId, summary and tags: what the inference / LLM classification reads besides the path.</summary>
    public string Text { get; init; } = "";
}

/// <summary>What the reader got out of a document: the server base path, operations, and problems met on the way.</summary>
internal sealed record OpenApiDocument(string BasePath, IReadOnlyList<OpenApiOperation> Operations, IReadOnlyList<string> Warnings)
{
    /// <summary>Where the document says the API lives (OpenAPI servers, Swagger schemes and host), e.g. <c>https://api.example.com</c>; null when it does not say. The scan always stays on its own target.</summary>
    public string? Origin { get; init; }
}

/// <summary>The document cannot be used at all (not JSON/YAML, not OpenAPI 3 or Swagger 2.0, too large or too deep).</summary>
internal sealed class OpenApiException(string message) : Exception(message);
