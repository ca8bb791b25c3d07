using Bulwark.Core.Configuration;
using Bulwark.Tests.Shared;

namespace Bulwark.Core.Tests.Configuration;

/// <summary>The <c>[dast]</c> table: defaults for the web scan, every bad value an error naming its key.</summary>
public sealed class DastConfigTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-dast-config-");

    public void Dispose() => _temp.Dispose();

    private BulwarkConfig Load(string toml)
    {
        _temp.Write(BulwarkConfig.FileName, toml);
        return BulwarkConfigLoader.LoadFromRoot(_temp.Path);
    }

    [Fact]
    public void Reads_limits_paths_and_allow_destructive()
    {
        var dast = Load("""
            [dast]
            fail_on = "medium"
            rate = 12.5
            max_requests = 3000
            max_time = 90
            exclude_paths = ["/logout", "/admin/*/delete"]
            well_known_paths = ["/internal/dump.sql", "/.aws/credentials"]
            allow_destructive = false
            """).Dast;

        dast.ShouldBe(new DastConfig
        {
            FailOn = "medium",
            Rate = 12.5,
            MaxRequests = 3000,
            MaxTime = 90,
            ExcludePaths = dast.ExcludePaths,
            WellKnownPaths = dast.WellKnownPaths,
            AllowDestructive = false,
        });
        dast.ExcludePaths.ShouldBe(["/logout", "/admin/*/delete"]);
        dast.WellKnownPaths.ShouldBe(["/internal/dump.sql", "/.aws/credentials"]);
    }

    [Fact]
    public void Without_the_table_every_key_keeps_the_commands_default()
    {
        var dast = Load("[code]\nfail_on = \"high\"\n").Dast;

        (dast.FailOn, dast.Rate, dast.MaxRequests, dast.MaxTime, dast.AllowDestructive).ShouldBe((null, null, null, null, null));
        dast.ExcludePaths.ShouldBeEmpty();
        dast.WellKnownPaths.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("rate = 0", "'rate' must be above 0 and at most 10000 requests per second (got 0)")]
    [InlineData("rate = nan", "'rate' must be above 0 and at most 10000 requests per second (got NaN)")]
    [InlineData("rate = \"fast\"", "'rate' must be a number")]
    [InlineData("max_requests = 0", "'max_requests' must be between 1 and 1000000 (got 0)")]
    [InlineData("max_requests = 2.5", "'max_requests' must be an integer")]
    [InlineData("max_time = 100000", "'max_time' must be between 1 and 86400 seconds (got 100000)")]
    [InlineData("fail_on = \"severe\"", "'fail_on' must be one of critical, high, medium, low, info (got 'severe')")]
    [InlineData("allow_destructive = \"yes\"", "'allow_destructive' must be true or false")]
    [InlineData("exclude_paths = \"/logout\"", "'exclude_paths' must be an array of strings")]
    [InlineData("exclude_paths = [\"logout\"]", "'exclude_paths[0]' must start with '/' and be at most 512 characters (got 'logout')")]
    [InlineData("exclude_paths = [\"/a\", \"/b?x=1\"]", "'exclude_paths[1]' must be a path without spaces, control characters, '?' or '#' (got '/b?x=1')")]
    [InlineData("well_known_paths = [\"/dump/*\"]", "'well_known_paths[0]' must not contain '*' (got '/dump/*')")]
    [InlineData("well_known_paths = [\"/a/../etc/passwd\"]", "'well_known_paths[0]' must not contain '..' (got '/a/../etc/passwd')")]
    [InlineData("max_request = 5", "unknown key 'max_request' (known: fail_on, rate, max_requests, max_time, exclude_paths, well_known_paths, allow_destructive)")]
    public void Bad_values_are_errors_naming_the_key(string line, string message)
    {
        var error = Should.Throw<ConfigException>(() => Load("[dast]\n" + line + "\n"));

        error.Message.ShouldEndWith("[dast]: " + message);
    }

    [Fact]
    public void Too_many_paths_are_refused()
    {
        var paths = string.Join(", ", Enumerable.Range(0, DastConfig.MaxPathEntries + 1).Select(i => $"\"/p{i}\""));

        Should.Throw<ConfigException>(() => Load($"[dast]\nexclude_paths = [{paths}]\n")).Message.ShouldContain("'exclude_paths' has 201 entries; at most 200 are allowed");
    }
}
