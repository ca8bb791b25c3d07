using System.Text.Json.Nodes;

namespace Bulwark.Scanning.Web.Discovery;

internal enum ParameterIn
{
    Query,
    Path,
    Form,
    Json,
}

/// <summary>One input of an endpoint and the harmless value the scan sends when it is not the one under test.</summary>
internal sealed record EndpointParameter(string Name, ParameterIn In, string Sample);

/// <summary>
/// Something the active checks can call: a method, a URL (path template for OpenAPI operations) and its inputs.
/// Found by the crawler (links with queries, forms) or read from the OpenAPI document.
/// </summary>
internal sealed record Endpoint(string Method, Uri Url, IReadOnlyList<EndpointParameter> Parameters, string Source)
{
    /// <summary>The OpenAPI path template (<c>/items/{id}</c>) or the URL's path.</summary>
    public string Path { get; init; } = Url.AbsolutePath;

    /// <summary>The OpenAPI document demands credentials for this operation.</summary>
    public bool RequiresAuth { get; init; }

    /// <summary>A POST the OpenAPI document describes as model inference (predict, generate, chat, embeddings, …).</summary>
    public bool Inference { get; init; }

    /// <summary>The JSON body field that carries a prompt, when this is an LLM endpoint; "messages" for chat arrays.</summary>
    public string? PromptField { get; init; }

    /// <summary>A sample JSON body built from the request schema (null without one).</summary>
    public JsonObject? BodyTemplate { get; init; }

    public string Key => $"{Method} {Path} {string.Join(',', Parameters.Select(p => $"{p.In}:{p.Name}").Order(StringComparer.Ordinal))}";
}
