using System.Globalization;
using System.Text;
using Bulwark.Core.Findings;
using Bulwark.Ml.Data;
using Bulwark.Ml.Data.Reading;
using Bulwark.Ml.Data.Windows;
using Bulwark.Tests.Shared;

namespace Bulwark.Ml.Tests.Data;

public sealed class WindowedDriftTests : IDisposable
{
    private readonly TempDirectory _dir = new("bulwark-windows-");

    public void Dispose() => _dir.Dispose();

    /// <summary>Five days of hourly-spread inference inputs; on <paramref name="driftDay"/> the score shifts by one standard deviation.</summary>
    private static string Days(int days, int perDay, int seed, int driftDay = -1, bool shuffle = false)
    {
        var random = new Random(seed);
        var rows = new List<string>();
        var start = new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var d = 0; d < days; d++)
        {
            for (var i = 0; i < perDay; i++)
            {
                var at = start.AddDays(d).AddSeconds(86_399.0 * i / perDay);
                var score = Synthetic.Normal(random) + (d == driftDay ? 1.0 : 0);
                var ratio = random.NextDouble();
                var city = new[] { "paris", "lyon", "nice" }[random.Next(3)];
                rows.Add(string.Join(',', at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), F(score), F(ratio), city, random.Next(1000)));
            }
        }
        if (shuffle)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
        }
        return "event_time,score,ratio,city,request\n" + string.Join('\n', rows) + "\n";
    }

    private static string F(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);

    private ScanReport Drift(string reference, string current, string? timestamp, string[]? ignore = null, TimeSpan? window = null) =>
        new DataCheckService(TimeProvider.System).Run(new DataCheckRequest(_dir.Write("ref.csv", reference), _dir.Write("cur.csv", current), null, "text")
        {
            DriftOnly = true,
            TimestampColumn = timestamp,
            IgnoreColumns = ignore ?? [],
            Window = window ?? TimeSpan.FromDays(1),
        }, CancellationToken.None);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Only_the_drifting_third_day_is_reported_and_each_finding_names_its_window(bool shuffled)
    {
        var report = Drift(Days(3, 1500, 1), Days(5, 1500, 2, driftDay: 2, shuffle: shuffled), "event_time", ["request"]);
        var errors = report.Findings.Where(f => f.Severity >= Severity.High).ToList();
        errors.ShouldNotBeEmpty();
        errors.ShouldAllBe(f => f.Properties["window"] == "2024-03-03" && f.Message.StartsWith("window 2024-03-03: ", StringComparison.Ordinal));
        errors.ShouldContain(f => f.RuleId == "data-feature-drift" && f.Properties["column"] == "score");
        // The time column and the ignored column are never tested, though their values differ in every window.
        report.Findings.ShouldNotContain(f => f.Properties.GetValueOrDefault("column") == "event_time" || f.Properties.GetValueOrDefault("column") == "request");
        report.Notices.ShouldContain(n => n.Message.StartsWith("5 window(s) of 1.00:00:00", StringComparison.Ordinal));
    }

    [Fact]
    public void Windows_of_six_hours_split_a_day_and_small_windows_are_not_tested()
    {
        var report = Drift(Days(2, 2000, 1), Days(1, 1200, 3) + "2024-03-02T00:00:00Z,0,0.5,paris,1\n", "event_time", ["request"], TimeSpan.FromHours(6));
        report.Findings.Where(f => f.Severity >= Severity.High).ShouldBeEmpty(string.Join("\n", report.Findings.Select(f => f.Message)));
        report.Notices.ShouldContain(n => n.Message.StartsWith("5 window(s)", StringComparison.Ordinal));
        report.Notices.ShouldContain(n => n.Message == "window 2024-03-02T00:00:00Z: only 1 row(s), fewer than 30: not tested");
    }

    [Fact]
    public void Without_windows_the_ignored_column_is_not_even_a_schema_change()
    {
        var current = Days(2, 500, 4).Replace("event_time,score,ratio,city,request", "event_time,score,ratio,town,request");
        var report = Drift(Days(2, 500, 1), current, null, ["city", "town", "request"]);
        report.Findings.ShouldNotContain(f => f.RuleId == "data-schema-change");
        Drift(Days(2, 500, 1), current, null).Findings.ShouldContain(f => f.RuleId == "data-schema-change");
    }

    [Fact]
    public void Unreadable_times_are_counted_and_a_missing_time_column_is_refused()
    {
        var report = Drift(Days(1, 500, 1), Days(1, 500, 2) + "yesterday,0,0.5,paris,1\n,0,0.5,nice,2\n", "event_time", ["request"]);
        report.Notices.ShouldContain(n => n.Message.StartsWith("2 row(s) have no readable time in 'event_time' (first at line 502", StringComparison.Ordinal));
        Should.Throw<DataReadException>(() => Drift(Days(1, 100, 1), Days(1, 100, 2), "when")).Message.ShouldContain("the timestamp column 'when' does not exist");
    }

    [Theory]
    [InlineData("1d", 86_400)]
    [InlineData("6h", 21_600)]
    [InlineData("30m", 1_800)]
    [InlineData("2w", 1_209_600)]
    [InlineData(" 45s ", 45)]
    public void Window_lengths_parse(string text, int seconds) => TimeWindows.Parse(text, out _).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData("d")]
    [InlineData("0d")]
    [InlineData("-1h")]
    [InlineData("1y")]
    [InlineData("1.5h")]
    [InlineData("99999999999d")]
    public void Bad_window_lengths_are_refused(string text)
    {
        TimeWindows.Parse(text, out var problem).ShouldBeNull();
        problem.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("2024-03-01T06:00:00Z", 1709272800)]
    [InlineData("2024-03-01 06:00:00", 1709272800)]
    [InlineData("2024-03-01T07:00:00+01:00", 1709272800)]
    [InlineData("1709272800", 1709272800)]
    [InlineData("1709272800000", 1709272800)]
    public void Timestamps_are_iso_8601_or_unix_seconds(string text, long expected) =>
        TimeWindows.ParseTimestamp(Encoding.UTF8.GetBytes(text)).ShouldBe(expected);
}
