using System.Globalization;

namespace Bulwark.Server.Audit;

/// <summary>
/// Reads the time bounds people type: a date (<c>2026-01-31</c>) or an ISO-8601 time with an offset or Z. A bare
/// date as an upper bound means the end of that day, so <c>--until 2026-01-31</c> includes the 31st.
/// </summary>
internal static class AuditTime
{
    private const int MaxLength = 40;

    public static bool TryParse(string? text, bool upperBound, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return false;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            utc = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            if (upperBound)
            {
                utc = utc.AddDays(1);
            }
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            utc = time.UtcDateTime;
            return true;
        }
        return false;
    }
}
