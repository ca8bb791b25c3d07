using System.Buffers;
using System.Globalization;

namespace Bulwark.Scanning.PipelineConfig.Definition;

/// <summary>The lexical rules for single values of <c>.bulwark.yml</c>, checked by hand over spans.</summary>
internal static class PipelineValues
{
    private static readonly SearchValues<char> NameTail =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    private static readonly SearchValues<char> JobNameTail =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private static readonly SearchValues<char> CronField = SearchValues.Create("0123456789*/,-");

    /// <summary>A secret or environment variable name: <c>[A-Za-z_][A-Za-z0-9_]{0,127}</c>.</summary>
    public static bool IsVariableName(ReadOnlySpan<char> name) =>
        name.Length is > 0 and <= 128 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && !name.ContainsAnyExcept(NameTail);

    /// <summary>A job name: <c>[A-Za-z_][A-Za-z0-9_-]{0,63}</c>.</summary>
    public static bool IsJobName(ReadOnlySpan<char> name) =>
        name.Length is > 0 and <= 64 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && !name.ContainsAnyExcept(JobNameTail);

    /// <summary>A timeout: a whole number of seconds, minutes or hours (<c>90s</c>, <c>30m</c>, <c>2h</c>), above zero and at most 24h.</summary>
    public static bool TryParseTimeout(ReadOnlySpan<char> text, out TimeSpan timeout)
    {
        timeout = default;
        if (text.Length is < 2 or > 7
            || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount == 0)
        {
            return false;
        }
        timeout = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => TimeSpan.Zero,
        };
        return timeout > TimeSpan.Zero && timeout <= PipelineDefaults.MaxTimeout;
    }

    /// <summary>An artifact path or glob inside the workspace: relative, no <c>..</c> segment, no drive or NUL.</summary>
    public static bool IsWorkspacePath(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || path.Length > 1024 || path[0] is '/' or '\\' || path.Contains(':') || path.ContainsAnyInRange('\0', '\x1f'))
        {
            return false;
        }
        foreach (var range in path.SplitAny('/', '\\'))
        {
            if (path[range] is "..")
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A branch or tag pattern: 1-255 characters, no whitespace or control characters.</summary>
    public static bool IsRefPattern(ReadOnlySpan<char> pattern) =>
        pattern.Length is > 0 and <= 255 && !pattern.ContainsAnyInRange('\0', ' ') && !pattern.Contains('\x7f');

    /// <summary>Five cron fields separated by spaces, each made of digits and <c>* / , -</c>.</summary>
    public static bool IsCron(ReadOnlySpan<char> cron)
    {
        if (cron.Length > 128)
        {
            return false;
        }
        var fields = 0;
        foreach (var range in cron.Split(' '))
        {
            var field = cron[range];
            if (field.IsEmpty)
            {
                continue;
            }
            if (field.ContainsAnyExcept(CronField))
            {
                return false;
            }
            fields++;
        }
        return fields == 5;
    }
}
