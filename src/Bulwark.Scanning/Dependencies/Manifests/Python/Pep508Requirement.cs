namespace Bulwark.Scanning.Dependencies.Manifests.Python;

/// <summary>
/// A PEP 508 dependency specifier split into its parts, all as written. <see cref="NameOffset"/> is where the
/// name starts in the parsed text, so callers can map it back to a line and column.
/// </summary>
internal sealed record Pep508Requirement(
    string Name,
    int NameOffset,
    IReadOnlyList<string> Extras,
    string? Specifier,
    string? Url,
    string? Marker)
{
    /// <summary>
    /// The exact version for a single <c>==X</c> or <c>===X</c> clause without a wildcard or an unexpanded
    /// <c>${VAR}</c>; null for ranges (<c>==1.2.*</c> included).
    /// </summary>
    public string? PinnedVersion => PinOf(Specifier);

    public static string? PinOf(string? specifier)
    {
        if (specifier is null || specifier.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }
        var clause = specifier.AsSpan().Trim();
        var operatorLength = clause.StartsWith("===") ? 3 : clause.StartsWith("==") ? 2 : 0;
        if (operatorLength == 0)
        {
            return null;
        }
        var version = clause[operatorLength..].Trim();
        return version.IsEmpty || version.Contains('*') || version.Contains("${", StringComparison.Ordinal)
            ? null
            : version.ToString();
    }
}
