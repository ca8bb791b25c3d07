using Bulwark.Server.Configuration;
using Bulwark.Tests.Shared;

namespace Bulwark.Server.Tests.Configuration;

public sealed class ServerOptionsTests : IDisposable
{
    private readonly TempDirectory _data = new("bulwark-options-");

    public void Dispose() => _data.Dispose();

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void Flags_beat_environment_which_beats_the_config_file()
    {
        _data.Write(ServerOptionsLoader.ConfigFileName, "listen = \"127.0.0.1:9001\"\ndatabase = \"Data Source=file.db\"\nrequire-mfa = false\n");
        var options = ServerOptionsLoader.Load(_data.Path,
            new ServerSettingsSource { Listen = "127.0.0.1:9003" },
            Environment(("BULWARK_LISTEN", "127.0.0.1:9002"), ("BULWARK_DATABASE", "Data Source=env.db")));
        options.Listen.ShouldBe("127.0.0.1:9003");
        options.Database.ShouldBe("Data Source=env.db");
        options.RequireMfaForPrivilegedRoles.ShouldBeFalse();
    }

    [Fact]
    public void Defaults_are_loopback_https_sqlite_and_mfa_required()
    {
        var options = ServerOptionsLoader.Load(_data.Path, new ServerSettingsSource(), Environment());
        options.Listen.ShouldBe("127.0.0.1:8443");
        options.InsecureHttp.ShouldBeFalse();
        options.Database.ShouldBeNull();
        options.RequireMfaForPrivilegedRoles.ShouldBeTrue();
    }

    [Theory]
    [InlineData("listen = 8443\n", "'listen' must be a string")]
    [InlineData("lisen = \"x\"\n", "lisen")]
    [InlineData("listen = \"127.0.0.1:\n", "server.toml:1")]
    public void Config_file_errors_name_the_key_or_position(string toml, string expected)
    {
        _data.Write(ServerOptionsLoader.ConfigFileName, toml);
        Should.Throw<ServerOptionsException>(() => ServerOptionsLoader.Load(_data.Path, new ServerSettingsSource(), Environment()))
            .Message.ShouldContain(expected);
    }

    [Fact]
    public void Environment_booleans_and_numbers_are_checked_by_name()
    {
        Should.Throw<ServerOptionsException>(() => ServerOptionsLoader.Load(_data.Path, new ServerSettingsSource(), Environment(("BULWARK_INSECURE_HTTP", "maybe"))))
            .Message.ShouldContain("BULWARK_INSECURE_HTTP");
        Should.Throw<ServerOptionsException>(() => ServerOptionsLoader.Load(_data.Path, new ServerSettingsSource(), Environment(("BULWARK_MAX_REQUEST_BODY", "1e6"))))
            .Message.ShouldContain("BULWARK_MAX_REQUEST_BODY");
    }

    [Theory]
    [InlineData("localhost:8443", false, "listen")]
    [InlineData("127.0.0.1", false, "listen")]
    [InlineData("0.0.0.0:8080", true, "insecure-http")]
    [InlineData("10.1.2.3:8080", true, "insecure-http")]
    public void Invalid_listen_settings_are_refused_naming_the_setting(string listen, bool insecure, string setting)
    {
        var options = new ServerOptions { DataDirectory = _data.Path, Listen = listen, InsecureHttp = insecure };
        Should.Throw<ServerOptionsException>(() => ServerOptionsValidator.Validate(options)).Message.ShouldStartWith(setting);
    }

    [Fact]
    public void The_advisory_database_comes_from_any_source_and_must_hold_an_index()
    {
        _data.Write(ServerOptionsLoader.ConfigFileName, "advisory-db = \"/srv/osv-from-file\"\n");
        ServerOptionsLoader.Load(_data.Path, new ServerSettingsSource(), Environment(("BULWARK_ADVISORY_DB", "/srv/osv-from-env")))
            .AdvisoryDatabase.ShouldBe("/srv/osv-from-env");

        var empty = new ServerOptions { DataDirectory = _data.Path, AdvisoryDatabase = _data.Combine("osv") };
        Should.Throw<ServerOptionsException>(() => ServerOptionsValidator.Validate(empty)).Message.ShouldStartWith("advisory-db: ");
        _data.Write("osv/" + Bulwark.Scanning.Dependencies.Database.IndexFormat.FileName, "index");
        Should.NotThrow(() => ServerOptionsValidator.Validate(empty));
    }

    [Fact]
    public void Tls_needs_both_files_and_they_must_exist()
    {
        var half = new ServerOptions { DataDirectory = _data.Path, TlsCertificatePath = _data.Write("c.pem", "x") };
        Should.Throw<ServerOptionsException>(() => ServerOptionsValidator.Validate(half)).Message.ShouldContain("tls-cert/tls-key");
        var missing = half with { TlsKeyPath = _data.Combine("missing.pem") };
        Should.Throw<ServerOptionsException>(() => ServerOptionsValidator.Validate(missing)).Message.ShouldContain("tls-key");
    }

    [Fact]
    public void A_database_string_of_unknown_shape_is_refused_without_echoing_it()
    {
        var options = new ServerOptions { DataDirectory = _data.Path, Database = "Server=db;Password=hunter2-secret" };
        var message = Should.Throw<ServerOptionsException>(() => ServerOptionsValidator.Validate(options)).Message;
        message.ShouldStartWith("database");
        message.ShouldNotContain("hunter2-secret");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Master_key_is_created_owner_only_and_reloaded_unchanged()
    {
        var first = MasterKey.LoadOrCreate(_data.Path, Environment());
        var path = _data.Combine(ServerOptions.MasterKeyFileName);
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        MasterKey.LoadOrCreate(_data.Path, Environment()).Derive("x").ShouldBe(first.Derive("x"));
        first.Derive("a").ShouldNotBe(first.Derive("b"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        Should.Throw<ServerOptionsException>(() => MasterKey.Load(path)).Message.ShouldContain("chmod 600");
    }

    [Fact]
    public void Master_key_from_the_environment_must_be_32_bytes_of_base64()
    {
        Should.Throw<ServerOptionsException>(() => MasterKey.LoadOrCreate(_data.Path, Environment((MasterKey.EnvironmentVariable, "c2hvcnQ="))))
            .Message.ShouldContain(MasterKey.EnvironmentVariable);
        var key = Convert.ToBase64String(new byte[32]);
        MasterKey.LoadOrCreate(_data.Path, Environment((MasterKey.EnvironmentVariable, key))).Derive("p").Length.ShouldBe(32);
        File.Exists(_data.Combine(ServerOptions.MasterKeyFileName)).ShouldBeFalse();
    }
}
