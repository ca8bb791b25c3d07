using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Scanning.Web.Discovery;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// Builds the request for an endpoint with one input set to a probe value and the others at their samples.
/// Returns null for what the scan may not send: non-inference POSTs and other state-changing verbs without
/// --allow-destructive.
/// </summary>
internal static class EndpointRequests
{
    public static bool MaySend(Endpoint endpoint, bool allowDestructive) =>
        endpoint.Method is "GET" or "HEAD" or "OPTIONS" || allowDestructive || (endpoint.Method == "POST" && endpoint.Inference);

    public static DastRequest? Build(Endpoint endpoint, bool allowDestructive, string? name = null, string? value = null, JsonNode? bodyOverride = null)
    {
        if (!MaySend(endpoint, allowDestructive))
        {
            return null;
        }
        string Value(EndpointParameter p) => p.Name == name && value is not null ? value : p.Sample;
        var path = endpoint.Path;
        var query = new List<KeyValuePair<string, string>>();
        var form = new List<KeyValuePair<string, string>>();
        var json = endpoint.BodyTemplate?.DeepClone() as JsonObject;
        foreach (var parameter in endpoint.Parameters)
        {
            switch (parameter.In)
            {
                case ParameterIn.Path:
                    path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(Value(parameter)), StringComparison.Ordinal);
                    break;
                case ParameterIn.Query:
                    query.Add(new(parameter.Name, Value(parameter)));
                    break;
                case ParameterIn.Form:
                    form.Add(new(parameter.Name, Value(parameter)));
                    break;
                case ParameterIn.Json when json is not null && parameter.Name == name && value is not null:
                    json[parameter.Name] = value;
                    break;
            }
        }
        if (bodyOverride is not null)
        {
            json = bodyOverride as JsonObject;
        }
        var url = new UriBuilder(endpoint.Url) { Path = endpoint.Source == "openapi" ? path : endpoint.Url.AbsolutePath, Query = QueryString.Build(query) }.Uri;
        var request = new DastRequest(endpoint.Method, url) { InferencePost = endpoint.Method == "POST" && endpoint.Inference };
        if (form.Count > 0 && endpoint.Method != "GET")
        {
            return request with { Body = Encoding.UTF8.GetBytes(QueryString.Build(form)), ContentType = "application/x-www-form-urlencoded" };
        }
        if (json is not null && endpoint.Method != "GET")
        {
            return request with { Body = Encoding.UTF8.GetBytes(json.ToJsonString()), ContentType = "application/json" };
        }
        return request;
    }
}
