using Bulwark.Server.Configuration;
using Bulwark.Server.Secrets.External;
using Bulwark.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Secrets.External;

public sealed class VaultOptionsLoaderTests : IDisposable
{
    private readonly TempDirectory _data = new("bulwark-vault-options-");
    private readonly Dictionary<string, string> _environment = [];

    public void Dispose() => _data.Dispose();

    private VaultOptions? Load() => VaultOptionsLoader.Load(_data.Path, name => _environment.GetValueOrDefault(name));

    private string LoadError() => Should.Throw<ServerOptionsException>(() => Load()).Message;

    private void Toml(string vaultTable) => _data.Write("server.toml", "listen = \"127.0.0.1:0\"\n\n[vault]\n" + vaultTable);

    [Fact]
    public void Without_an_address_vault_is_not_configured()
    {
        _data.Write("server.toml", "listen = \"127.0.0.1:0\"\n");

        Load().ShouldBeNull();
    }

    [Fact]
    public void Reads_the_vault_table_of_server_toml()
    {
        var secretIdFile = _data.Write("secret-id", "s");
        var caFile = _data.Write("ca.pem", CaPem());
        Toml($"""
            address = "https://vault.example:8200"
            namespace = "ns1/"
            auth = "approle"
            approle-mount = "ci-approle"
            role-id = "59d6d1ca"
            secret-id-file = "{secretIdFile}"
            ca-cert = "{caFile}"
            timeout = 20
            """);

        var options = Load().ShouldNotBeNull();

        options.Address.ShouldBe(new Uri("https://vault.example:8200"));
        options.Namespace.ShouldBe("ns1/");
        options.Auth.ShouldBe(VaultAuthMethod.AppRole);
        options.AppRoleMount.ShouldBe("ci-approle");
        options.RoleId.ShouldBe("59d6d1ca");
        options.SecretIdFile.ShouldBe(secretIdFile);
        options.CaCertificateFile.ShouldBe(caFile);
        options.Timeout.ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Environment_variables_win_over_the_file_and_carry_the_credentials()
    {
        Toml("address = \"https://file.example:8200\"\n");
        _environment["BULWARK_VAULT_ADDR"] = "https://env.example:8200";
        _environment["BULWARK_VAULT_TOKEN"] = " hvs.from-env\n";
        _environment["BULWARK_VAULT_TIMEOUT"] = "3";

        var options = Load().ShouldNotBeNull();

        options.Address.Host.ShouldBe("env.example");
        options.Auth.ShouldBe(VaultAuthMethod.Token);
        options.Token!.Reveal().ShouldBe("hvs.from-env");
        options.Timeout.ShouldBe(TimeSpan.FromSeconds(3));
        options.AppRoleMount.ShouldBe("approle");
    }

    [Fact]
    public void Printing_the_options_shows_no_credential()
    {
        _environment["BULWARK_VAULT_ADDR"] = "https://vault.example:8200";
        _environment["BULWARK_VAULT_AUTH"] = "approle";
        _environment["BULWARK_VAULT_ROLE_ID"] = "role";
        _environment["BULWARK_VAULT_SECRET_ID"] = "secret-id-84896a0c";

        var text = Load()!.ToString();

        text.ShouldNotContain("secret-id-84896a0c");
        text.ShouldContain("SecretId = [redacted]");
    }

    [Theory]
    [InlineData("token = \"hvs.x\"", "vault.token does not belong in server.toml; use BULWARK_VAULT_TOKEN")]
    [InlineData("secret-id = \"x\"", "vault.secret-id does not belong in server.toml; use BULWARK_VAULT_SECRET_ID")]
    [InlineData("adress = \"https://v:8200\"", "unknown key 'adress'")]
    [InlineData("address = 8200", "'address' must be a string")]
    [InlineData("namespace = \"ns1\"", "vault.address: required")]
    [InlineData("address = \"vault.example\"", "vault.address: not an absolute address")]
    [InlineData("address = \"ftp://vault.example\"\ntoken-file = \"/dev/null\"", "must be an absolute https:// address")]
    [InlineData("address = \"http://vault.example:8200\"\ntoken-file = \"/dev/null\"", "plain http is allowed only to a loopback address")]
    [InlineData("address = \"http://10.0.0.5:8200\"\ntoken-file = \"/dev/null\"", "plain http is allowed only to a loopback address")]
    [InlineData("address = \"https://u:p@vault.example\"\ntoken-file = \"/dev/null\"", "must not contain user information")]
    [InlineData("address = \"https://vault.example\"", "give either BULWARK_VAULT_TOKEN or vault.token-file")]
    [InlineData("address = \"https://vault.example\"\ntoken-file = \"/no/such/file\"", "vault.token-file: file '/no/such/file' does not exist")]
    [InlineData("address = \"https://vault.example\"\nauth = \"ldap\"", "vault.auth: must be \"token\" or \"approle\"")]
    [InlineData("address = \"https://vault.example\"\nauth = \"approle\"\nsecret-id-file = \"/dev/null\"", "vault.role-id: required")]
    [InlineData("address = \"https://vault.example\"\nauth = \"approle\"\nrole-id = \"r\"", "give either BULWARK_VAULT_SECRET_ID or vault.secret-id-file")]
    [InlineData("address = \"https://vault.example\"\nauth = \"approle\"\nrole-id = \"r\"\nsecret-id-file = \"/dev/null\"\napprole-mount = \"../sys\"", "vault.approle-mount")]
    [InlineData("address = \"https://vault.example\"\ntoken-file = \"/dev/null\"\nrole-id = \"r\"", "vault.role-id: not used with vault.auth = \"token\"")]
    [InlineData("address = \"https://vault.example\"\ntoken-file = \"/dev/null\"\nnamespace = \"a//b\"", "vault.namespace")]
    [InlineData("address = \"https://vault.example\"\ntoken-file = \"/dev/null\"\ntimeout = 0", "vault.timeout: 0 s is outside")]
    [InlineData("address = \"https://vault.example\"\ntoken-file = \"/dev/null\"\ntimeout = 100000", "vault.timeout")]
    [InlineData("address = \"https://vault.example\"\ntoken-file = \"/dev/null\"\nca-cert = \"/dev/null\"", "vault.ca-cert")]
    public void Bad_settings_are_errors_that_name_the_setting(string table, string expected)
    {
        Toml(table + "\n");

        LoadError().ShouldContain(expected);
    }

    [Fact]
    public void Plain_http_to_loopback_is_allowed()
    {
        _environment["BULWARK_VAULT_TOKEN"] = "hvs.x";
        foreach (var address in new[] { "http://127.0.0.1:8200", "http://localhost:8200", "http://[::1]:8200" })
        {
            _environment["BULWARK_VAULT_ADDR"] = address;
            Load()!.Address.ShouldBe(new Uri(address));
        }
    }

    [Fact]
    public void A_token_that_could_inject_a_header_is_refused_without_being_repeated()
    {
        _environment["BULWARK_VAULT_ADDR"] = "https://vault.example";
        _environment["BULWARK_VAULT_TOKEN"] = "hvs.abc\r\nX-Evil: 1";

        var error = LoadError();

        error.ShouldContain("BULWARK_VAULT_TOKEN: not a valid credential");
        error.ShouldNotContain("hvs.abc");
    }

    [Fact]
    public void The_server_settings_loader_accepts_a_vault_table()
    {
        Toml("address = \"https://vault.example\"\n");

        ServerOptionsLoader.Load(_data.Path, new ServerSettingsSource(), _ => null).Listen.ShouldBe("127.0.0.1:0");
    }

    [Fact]
    public void Registration_adds_the_vault_provider_only_when_configured()
    {
        var configured = Services(new VaultOptions { Address = new Uri("https://vault.example"), Token = VaultCredential.From("hvs.x") });
        var unconfigured = Services(null);

        configured.GetRequiredService<SecretProviders>().Supports("vault").ShouldBeTrue();
        configured.GetRequiredService<ISecretProvider>().ShouldBeOfType<VaultKvProvider>();
        unconfigured.GetRequiredService<SecretProviders>().Supports("vault").ShouldBeFalse();
    }

    private static ServiceProvider Services(VaultOptions? vault) => new ServiceCollection()
        .AddSingleton(TimeProvider.System)
        .AddLogging()
        .AddExternalSecretProviders(vault)
        .BuildServiceProvider();

    private static string CaPem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=ca", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now, now.AddDays(1));
        return certificate.ExportCertificatePem();
    }
}
