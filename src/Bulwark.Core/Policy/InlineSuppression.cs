using System.Buffers;

namespace Bulwark.Core.Policy;

/// <summary>
/// A line that carries <c>bulwark:allow</c> (or gitleaks' <c>gitleaks:allow</c>, so existing annotations keep
/// working) suppresses findings on that line.
/// </summary>
public static class InlineSuppression
{
    private static readonly SearchValues<string> Markers =
        SearchValues.Create(["bulwark:allow", "gitleaks:allow"], StringComparison.Ordinal);

    public static bool IsSuppressed(ReadOnlySpan<char> line) => line.IndexOfAny(Markers) >= 0;
}
