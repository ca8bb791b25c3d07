using Bulwark.Core.Configuration;
using Bulwark.Tests.Shared;

namespace Bulwark.Core.Tests.Configuration;

public sealed class BulwarkConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-config-");

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    private string Write(string toml)
    {
        _temp.Write(BulwarkConfig.FileName, toml);
        return Folder;
    }

    [Fact]
    public void Reads_scan_and_secrets_settings()
    {
        var config = BulwarkConfigLoader.LoadFromRoot(Write("""
            [scan]
            exclude = ["vendor/", "*.min.js"]
            [secrets]
            fail_on = "medium"
            max_file_size = "10MB"
            disable_rules = ["generic-password"]
            archive_depth = 1
            """));
        config.Exclude.ShouldBe(["vendor/", "*.min.js"]);
        config.Secrets.FailOn.ShouldBe("medium");
        config.Secrets.MaxFileSize.ShouldBe(10L << 20);
        config.Secrets.DisableRules.ShouldBe(["generic-password"]);
        config.Secrets.ArchiveDepth.ShouldBe(1);
    }

    [Fact]
    public void Reads_deps_settings()
    {
        var config = BulwarkConfigLoader.LoadFromRoot(Write("""
            [deps]
            fail_on = "high"
            exclude = ["examples/"]
            max_database_age_days = 3
            ignore_advisories = ["PYSEC-2023-1", "CVE-2024-1"]
            skip_development = true
            database_url = "https://mirror.example/osv"
            """));
        config.Deps.FailOn.ShouldBe("high");
        config.Deps.Exclude.ShouldBe(["examples/"]);
        config.Deps.MaxDatabaseAgeDays.ShouldBe(3);
        config.Deps.IgnoreAdvisories.ShouldBe(["PYSEC-2023-1", "CVE-2024-1"]);
        config.Deps.SkipDevelopment.ShouldBe(true);
        config.Deps.DatabaseUrl.ShouldBe("https://mirror.example/osv");
    }

    [Fact]
    public void Reads_model_settings()
    {
        var config = BulwarkConfigLoader.LoadFromRoot(Write("""
            [model]
            fail_on = "medium"
            strict = true
            allow_globals = ["mylib.layers.Block", "mylib.tokenizers.*"]
            exclude = ["checkpoints/old/"]
            """));
        config.Model.FailOn.ShouldBe("medium");
        config.Model.Strict.ShouldBe(true);
        config.Model.AllowGlobals.ShouldBe(["mylib.layers.Block", "mylib.tokenizers.*"]);
        config.Model.Exclude.ShouldBe(["checkpoints/old/"]);
    }

    [Fact]
    public void Reads_pipeline_settings()
    {
        var config = BulwarkConfigLoader.LoadFromRoot(Write("""
            [pipeline]
            fail_on = "medium"
            exclude = ["vendor/**"]
            allowed_owners = ["actions", "my-org/ci"]
            disable_rules = ["pipeline-excessive-permissions-default"]
            """));
        config.Pipeline.FailOn.ShouldBe("medium");
        config.Pipeline.Exclude.ShouldBe(["vendor/**"]);
        config.Pipeline.AllowedOwners.ShouldBe(["actions", "my-org/ci"]);
        config.Pipeline.DisableRules.ShouldBe(["pipeline-excessive-permissions-default"]);
    }

    [Fact]
    public void No_file_means_defaults() => BulwarkConfigLoader.LoadFromRoot(Folder).ShouldBeSameAs(BulwarkConfig.Empty);

    [Theory]
    [InlineData("[secrets]\nfail_on = \"severe\"", "'fail_on' must be one of")]
    [InlineData("[secrets]\nfailon = \"high\"", "unknown key 'failon'")]
    [InlineData("[secrets]\nmax_file_size = \"lots\"", "'max_file_size' must be a positive size")]
    [InlineData("[secrets\nfail_on = 1", "invalid TOML")]
    [InlineData("[secrets]\nfail_on = \"\\", "invalid TOML: a string escape is cut off")]
    [InlineData("[deps]\nmax_database_age_days = -1", "'max_database_age_days' must be between")]
    [InlineData("[deps]\ndatabase_url = \"ftp://x\"", "'database_url' must be an http(s) URL")]
    [InlineData("[deps]\nfail_on = \"bad\"", "[deps]: 'fail_on' must be one of")]
    [InlineData("[model]\nallow_globals = [\"os\"]", "'allow_globals' entries are module.name or module.*")]
    [InlineData("[pipeline]\nallowed_owners = [\"a/b/c\"]", "'allowed_owners' entries are owner or owner/repository")]
    [InlineData("[pipeline]\nallowed_owner = [\"a\"]", "unknown key 'allowed_owner'")]
    public void Invalid_settings_name_the_file_and_the_setting(string toml, string expected)
    {
        var error = Should.Throw<ConfigException>(() => BulwarkConfigLoader.LoadFromRoot(Write(toml)));
        error.Message.ShouldContain(BulwarkConfig.FileName);
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Syntax_errors_carry_line_and_column()
    {
        var error = Should.Throw<ConfigException>(() => BulwarkConfigLoader.LoadFromRoot(Write("[scan]\nexclude = [\"a\",\n = 3\n")));
        error.Message.ShouldMatch(@"bulwark\.toml:\d+:\d+: invalid TOML");
    }

    [Theory]
    [InlineData("1048576", 1048576L)]
    [InlineData("512KB", 524288L)]
    [InlineData("2GiB", 2147483648L)]
    [InlineData("1.5M", 1572864L)]
    public void Sizes_parse_with_binary_units(string text, long bytes)
    {
        ByteSize.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MB")]
    [InlineData("12 parsecs")]
    public void Bad_sizes_do_not_parse(string text) => ByteSize.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Data_directory_prefers_the_option_then_the_environment()
    {
        DataDirectory.Resolve("/tmp/bw-data").ShouldBe("/tmp/bw-data");
        DataDirectory.Resolve(null).ShouldNotBeNullOrWhiteSpace();
    }
}
