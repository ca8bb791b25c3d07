using System.Text.RegularExpressions;

namespace Bulwark.Scanning.Web.Checks;

/// <summary>
/// Path traversal on inputs that look like file names (by name or value): relative climbs, a filter-dodging
/// form and an absolute path to /etc/passwd, and a climb to win.ini; a hit needs the file's own content.
/// </summary>
internal static partial class PathTraversalCheck
{
    private static readonly string[] Payloads =
    [
        "../../../../../../../../etc/passwd",
        "....//....//....//....//....//....//etc/passwd",
        "/etc/passwd",
        "..\\..\\..\\..\\..\\..\\windows\\win.ini",
    ];

    public static bool Applies(ParameterProbe probe) =>
        probe.NameLike(FileName()) || FileValue().IsMatch(probe.Parameter.Sample);

    public static async Task RunAsync(ParameterProbe probe, CancellationToken cancellationToken)
    {
        if (!Applies(probe) || ResponsePatterns.SystemFile().IsMatch(probe.Baseline.Body))
        {
            return;
        }
        foreach (var payload in Payloads)
        {
            var response = await probe.SendAsync(payload, cancellationToken).ConfigureAwait(false);
            if (response is not null && ResponsePatterns.SystemFile().Match(response.Body) is { Success: true } hit)
            {
                probe.Report(DastRules.PathTraversal, response, $"parameter '{probe.Parameter.Name}' reads files outside its folder ('{payload}' returned a system file)", hit.Index);
                return;
            }
        }
    }

    [GeneratedRegex(@"(?i)file|path|doc|template|include|folder|dir\b|attachment|download|^page$|^name$|^img$|^image$|^load$|^read$|^view$|^lang$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^[\w\-./\\]{1,200}\.[A-Za-z0-9]{1,5}$|/")]
    private static partial Regex FileValue();
}
