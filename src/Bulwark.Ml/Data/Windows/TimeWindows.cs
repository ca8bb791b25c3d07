using System.Globalization;
using System.Text;

namespace Bulwark.Ml.Data.Windows;

/// <summary>
/// Time windows for drift monitoring: a length (<c>30m</c>, <c>6h</c>, <c>1d</c>, <c>1w</c>) and fixed windows
/// aligned on the Unix epoch in UTC, so the same row always lands in the same window, whatever else the file holds.
/// </summary>
internal static class TimeWindows
{
    /// <summary>The longest window text accepted, and the bounds on a window's length.</summary>
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Longest = TimeSpan.FromDays(3660);

    /// <summary>Parses <c>N</c> followed by s, m, h, d or w; null with a reason when it is not one.</summary>
    public static TimeSpan? Parse(string text, out string? problem)
    {
        problem = null;
        var trimmed = text.Trim();
        if (trimmed.Length is < 2 or > 12 || !long.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            problem = $"'{text}' is not a window length (a whole number and a unit: 30m, 6h, 1d, 1w)";
            return null;
        }
        var unit = trimmed[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => TimeSpan.Zero,
        };
        if (unit == TimeSpan.Zero)
        {
            problem = $"'{text}': the unit must be s, m, h, d or w";
            return null;
        }
        if (count > Longest.Ticks / unit.Ticks)
        {
            problem = $"'{text}' is longer than 10 years";
            return null;
        }
        var window = unit * count;
        return window >= Shortest ? window : null;
    }

    /// <summary>The window holding a time (seconds since the Unix epoch).</summary>
    public static long KeyOf(double unixSeconds, TimeSpan window) => (long)Math.Floor(unixSeconds / window.TotalSeconds);

    /// <summary>The window's start in ISO 8601 UTC (the date alone for whole-day windows).</summary>
    public static string Label(long key, TimeSpan window)
    {
        var start = DateTime.UnixEpoch.AddSeconds(key * window.TotalSeconds);
        return window.Ticks % TimeSpan.TicksPerDay == 0
            ? start.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture)
            : start.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A timestamp cell as seconds since the Unix epoch: ISO 8601 (a time without an offset is UTC), or a plain
    /// number of Unix seconds (above 10^11, milliseconds). Null when the cell is empty or neither.
    /// </summary>
    public static double? ParseTimestamp(ReadOnlySpan<byte> cell)
    {
        var trimmed = cell.Trim(" \t"u8);
        if (trimmed.IsEmpty || trimmed.Length > 64)
        {
            return null;
        }
        Span<char> chars = stackalloc char[64];
        var length = Encoding.UTF8.GetChars(trimmed, chars);
        var text = chars[..length];
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return double.IsFinite(number) ? Math.Abs(number) > 1e11 ? number / 1000 : number : null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            return (time.UtcTicks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond;
        }
        return null;
    }
}
