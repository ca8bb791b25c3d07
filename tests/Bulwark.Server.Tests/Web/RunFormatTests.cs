using System.Text;
using Bulwark.Server.Web.Pages.Runs;

namespace Bulwark.Server.Tests.Web;

public sealed class RunFormatTests
{
    [Fact]
    public void A_short_log_is_shown_whole()
    {
        var (text, truncated) = RunFormat.LogTail(Encoding.UTF8.GetBytes("one\ntwo\n"), 100);
        (text, truncated).ShouldBe(("one\ntwo\n", false));
    }

    [Fact]
    public void A_long_log_is_cut_after_a_line_break_near_the_limit()
    {
        var log = Encoding.UTF8.GetBytes("first line\nsecond line\nthird\n");
        var (text, truncated) = RunFormat.LogTail(log, 15);
        truncated.ShouldBeTrue();
        text.ShouldBe("third\n");
    }

    [Fact]
    public void A_long_line_is_never_cut_inside_a_character()
    {
        var log = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("ä€😀", 50)));
        for (var max = 1; max < 40; max++)
        {
            var (text, _) = RunFormat.LogTail(log, max);
            text.ShouldNotContain('\uFFFD');
            Encoding.UTF8.GetByteCount(text).ShouldBeLessThanOrEqualTo(max);
        }
    }

    [Theory]
    [InlineData("refs/heads/main", "main")]
    [InlineData("refs/tags/v1.2", "v1.2")]
    [InlineData("refs/pull/7/head", "refs/pull/7/head")]
    public void Refs_are_shortened_for_lists(string full, string shown) => RunFormat.ShortRef(full).ShouldBe(shown);

    [Fact]
    public void Artifact_links_escape_each_segment_but_keep_the_separators()
    {
        var id = Guid.Parse("0190b3b5-0000-7000-8000-000000000001");
        RunFormat.ArtifactUrl(id, "build", "reports/a b#1?.txt")
            .ShouldBe("/api/v1/runs/0190b3b5-0000-7000-8000-000000000001/artifacts/build/reports/a%20b%231%3F.txt");
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5 GiB")]
    public void Sizes_read_in_binary_units(long bytes, string shown) => RunFormat.Size(bytes).ShouldBe(shown);

    [Fact]
    public void Durations_run_to_now_while_unfinished()
    {
        var start = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        RunFormat.Duration(start, start.AddSeconds(75), start).ShouldBe("1m 15s");
        RunFormat.Duration(start, null, start.AddHours(2).AddMinutes(3)).ShouldBe("2h 03m");
        RunFormat.Duration(null, null, start).ShouldBe("");
    }
}
