using Bulwark.Scanning.PipelineConfig.Definition;

namespace Bulwark.Server.Secrets;

/// <summary>
/// Branch and tag patterns: <c>*</c> matches within one path segment, <c>**</c> across segments, everything else
/// literally (<c>main</c>, <c>release/*</c>, <c>v*</c>, <c>hotfix/**</c>), matched by the pipeline definition's
/// <see cref="RefPattern"/> (linear in pattern × ref); both sides are bounded in length.
/// </summary>
internal static class SecretRefPattern
{
    public const int MaxLength = 200;

    public static bool IsValid(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern) || pattern.Length > MaxLength || pattern.Contains("***", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in pattern)
        {
            if (c is <= ' ' or > '~' or '\\' or '?' or '[' or ':' or '^' or '~')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Pipeline triggers and secret rules read branch patterns alike: one matcher serves both.</summary>
    public static bool Matches(string pattern, string reference) =>
        reference.Length <= 1024 && RefPattern.IsMatch(pattern, reference);
}
