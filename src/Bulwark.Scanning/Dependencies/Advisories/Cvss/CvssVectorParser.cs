namespace Bulwark.Scanning.Dependencies.Advisories.Cvss;

/// <summary>
/// Splits the metric part of a vector ("AV:N/AC:L/...") into value indexes, validating against one version's metric
/// table. Metrics may come in any order (specifications and real advisories disagree on strictness), but each at most
/// once, every required metric present and every value one the version defines (case-sensitive, as the specifications
/// write them).
/// </summary>
internal static class CvssVectorParser
{
    private const int MaxQuotedLength = 24;

    /// <summary>
    /// Fills <paramref name="values"/> (one slot per metric, same order as <paramref name="metrics"/>) with the index
    /// of each metric's value in <see cref="CvssMetric.Values"/>, or -1 where the vector does not carry the metric.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<char> body, string version, CvssMetric[] metrics, Span<sbyte> values, out string? error)
    {
        values.Fill(-1);
        var position = 0;
        while (true)
        {
            position++;
            var slash = body.IndexOf('/');
            var part = slash < 0 ? body : body[..slash];
            if (!TryReadMetric(part, position, version, metrics, values, out error))
            {
                return false;
            }
            if (slash < 0)
            {
                break;
            }
            body = body[(slash + 1)..];
        }

        for (var m = 0; m < metrics.Length; m++)
        {
            if (metrics[m].Required && values[m] < 0)
            {
                error = $"{version} vector is missing base metric '{metrics[m].Name}'";
                return false;
            }
        }
        error = null;
        return true;
    }

    private static bool TryReadMetric(
        ReadOnlySpan<char> part, int position, string version, CvssMetric[] metrics, Span<sbyte> values, out string? error)
    {
        var colon = part.IndexOf(':');
        if (colon <= 0 || colon == part.Length - 1)
        {
            error = $"{version} vector part {position} '{Quote(part)}' is not NAME:VALUE";
            return false;
        }
        var name = part[..colon];
        var value = part[(colon + 1)..];
        for (var m = 0; m < metrics.Length; m++)
        {
            var metric = metrics[m];
            if (!name.SequenceEqual(metric.Name))
            {
                continue;
            }
            if (values[m] >= 0)
            {
                error = $"{version} metric '{metric.Name}' appears more than once";
                return false;
            }
            for (var v = 0; v < metric.Values.Length; v++)
            {
                if (value.SequenceEqual(metric.Values[v]))
                {
                    values[m] = (sbyte)v;
                    error = null;
                    return true;
                }
            }
            error = $"{version} metric '{metric.Name}' has invalid value '{Quote(value)}' (expected one of {string.Join(", ", metric.Values)})";
            return false;
        }
        error = $"{version} vector has unknown metric '{Quote(name)}'";
        return false;
    }

    /// <summary>Input text for an error message: shortened, with control and non-ASCII characters replaced, so a
    /// hostile advisory cannot smuggle terminal escapes or huge strings into reports.</summary>
    internal static string Quote(ReadOnlySpan<char> text)
    {
        var shown = text.Length > MaxQuotedLength ? text[..MaxQuotedLength] : text;
        Span<char> buffer = stackalloc char[shown.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            buffer[i] = shown[i] is >= ' ' and <= '~' ? shown[i] : '?';
        }
        return text.Length > MaxQuotedLength ? string.Concat(buffer, "...") : new string(buffer);
    }
}
