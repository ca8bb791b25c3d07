using Bulwark.Core.Findings;

namespace Bulwark.Scanning.Web;

/// <summary>
/// One DAST rule as data: its id always contains the category word (<c>missing-header</c>, <c>xss</c>, …) the
/// pipeline contract promises, a default severity, and the help text with the fix.
/// </summary>
internal sealed record DastRule(string Id, string Category, string Title, string Description, Severity Severity, string Help)
{
    /// <summary>Passive rules carry response samples a test runs through the passive checks.</summary>
    public IReadOnlyList<ResponseSample> MustMatch { get; init; } = [];

    public IReadOnlyList<ResponseSample> MustNotMatch { get; init; } = [];

    public RuleDescriptor Descriptor => new(Id, Title, Description, Severity, Help)
    {
        Tags = ["security", "dast", Category],
    };
}

/// <summary>A canned response for rule samples: status, headers as "Name: value" lines, body, and whether it came over HTTPS.</summary>
internal sealed record ResponseSample(int Status, string Headers, string Body, bool Https = false);
