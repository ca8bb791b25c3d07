using Bulwark.Scanning.Web.Discovery;
using Bulwark.Scanning.Web.Http;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>One input of one endpoint under test, with the response to its sample values as the baseline.</summary>
internal sealed class ParameterProbe(ScanContext scan, Endpoint endpoint, EndpointParameter parameter, DastResponse baseline)
{
    public ScanContext Scan { get; } = scan;

    public Endpoint Endpoint { get; } = endpoint;

    public EndpointParameter Parameter { get; } = parameter;

    public DastResponse Baseline { get; } = baseline;

    public async Task<DastResponse?> SendAsync(string value, CancellationToken cancellationToken)
    {
        var request = EndpointRequests.Build(Endpoint, Scan.Options.AllowDestructive, Parameter.Name, value);
        if (request is null)
        {
            return null;
        }
        var response = await Scan.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response is { Status: > 0 } ? response : null;
    }

    public void Report(DastRule rule, DastResponse response, string message, int at = -1, Dictionary<string, string>? extra = null)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["parameter"] = Parameter.Name,
            ["in"] = Parameter.In.ToString().ToLowerInvariant(),
        };
        foreach (var (key, value) in extra ?? [])
        {
            properties[key] = value;
        }
        Scan.Findings.Add(rule, response, new Uri(Endpoint.Url, Endpoint.Path), message, $"{Endpoint.Method}|{Parameter.Name}", at: at, properties: properties);
    }

    public bool NameLike(System.Text.RegularExpressions.Regex pattern) => pattern.IsMatch(Parameter.Name);
}
