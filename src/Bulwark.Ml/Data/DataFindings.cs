using System.Globalization;
using Bulwark.Core.Findings;

namespace Bulwark.Ml.Data;

/// <summary>Builds findings in one shape: a column or token named, 0-based candidate rows listed, facts as properties.</summary>
internal sealed class DataFindings(string path, int maxRows)
{
    public const Severity Error = Severity.High;
    public const Severity Warning = Severity.Medium;
    public const Severity Note = Severity.Low;

    public List<Finding> Items { get; } = [];

    /// <summary>The time window these findings are about (windowed drift): named in each message, property and fingerprint.</summary>
    public string? Window { get; init; }

    public void Add(RuleDescriptor rule, Severity severity, string message, string? column = null, string? token = null,
        IReadOnlyList<long>? rows = null, long line = 0, IReadOnlyDictionary<string, IReadOnlyList<string>>? lists = null, params (string Key, object Value)[] facts)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Window is not null)
        {
            properties["window"] = Window;
            message = $"window {Window}: {message}";
        }
        if (column is not null)
        {
            properties["column"] = column;
        }
        if (token is not null)
        {
            properties["token"] = token;
        }
        foreach (var (key, value) in facts)
        {
            properties[key] = value switch
            {
                double d => d.ToString("G4", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        }
        var numbers = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        if (rows is { Count: > 0 })
        {
            var sorted = rows.Distinct().Order().ToList();
            properties["rowCount"] = sorted.Count.ToString(CultureInfo.InvariantCulture);
            numbers["rows"] = sorted.Count > maxRows ? sorted[..maxRows] : sorted;
        }
        var evidence = column ?? token ?? "";
        Items.Add(new Finding(rule.Id, rule.Title, severity, new Location(path, (int)Math.Min(line, int.MaxValue), line > 0 ? 1 : 0, (int)Math.Min(line, int.MaxValue), line > 0 ? 1 : 0),
            message, Window is null
                ? Fingerprint.Create(rule.Id, column, token, properties.GetValueOrDefault("change"), properties.GetValueOrDefault("pair"), properties.GetValueOrDefault("value"))
                : Fingerprint.Create(rule.Id, column, token, properties.GetValueOrDefault("change"), properties.GetValueOrDefault("pair"), properties.GetValueOrDefault("value"), Window), evidence)
        {
            Properties = properties,
            NumberListProperties = numbers,
            ListProperties = lists ?? new Dictionary<string, IReadOnlyList<string>>(),
        });
    }

    public static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
