using System.Text;
using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.Tests.Secrets;

/// <summary>False positives kill adoption: ordinary code, configs and lockfiles must stay quiet with the default rules.</summary>
public sealed class FalsePositiveTests
{
    private static readonly SecretRuleSet Rules = SecretRuleLoader.LoadDefault();

    [Theory]
    [InlineData("api_key = os.environ[\"OPENAI_API_KEY\"]")]
    [InlineData("token = os.getenv('HF_TOKEN')")]
    [InlineData("password = os.environ.get(\"DB_PASSWORD\", \"\")")]
    [InlineData("const apiKey = process.env.STRIPE_SECRET_KEY;")]
    [InlineData("          token: ${{ secrets.GITHUB_TOKEN }}")]
    [InlineData("      OPENAI_API_KEY: ${{ secrets.OPENAI_API_KEY }}")]
    [InlineData("DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app")]
    [InlineData("password: ${POSTGRES_PASSWORD}")]
    [InlineData("aws_access_key_id = AKIAIOSFODNN7EXAMPLE")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("api_key = \"YOUR_API_KEY\"")]
    [InlineData("password = \"changeme\"")]
    [InlineData("secret_key = \"<your-secret-key>\"")]
    [InlineData("token = \"********\"")]
    [InlineData("request_id = \"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"")]
    [InlineData("commit_sha = \"9fceb02d0ae598e95dc970b74767f19372d61af8\"")]
    [InlineData("checksum_token = \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"")]
    [InlineData("password = self.config.password")]
    [InlineData("token = get_token()")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host")]
    [InlineData("-----BEGIN PUBLIC KEY-----")]
    [InlineData("tokenizer = AutoTokenizer.from_pretrained(\"bert-base-uncased\")")]
    [InlineData("password_field = forms.CharField(widget=forms.PasswordInput)")]
    [InlineData("secret_name = \"prod/db/password\"")]
    [InlineData("self.username, self.password = credentials")]
    [InlineData("password = getpass.getpass()")]
    public void Ordinary_lines_report_nothing(string line)
    {
        ScanHarness.Scan(Rules, line + "\n").ShouldBeEmpty();
    }

    [Fact]
    public void Lockfile_integrity_hashes_report_nothing()
    {
        var lockfile = """
            {
              "name": "app",
              "lockfileVersion": 3,
              "packages": {
                "node_modules/lodash": {
                  "version": "4.17.21",
                  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
                  "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="
                }
              }
            }
            """;
        ScanHarness.Scan(Rules, Encoding.UTF8.GetBytes(lockfile), "package-lock.json").Findings.ShouldBeEmpty();
        var poetry = "[[package]]\nname = \"torch\"\nfiles = [\n    {file = \"torch-2.1.0.whl\", hash = \"sha256:0e0d2a8a29c67d3e2c0c4a4a6fa0cbd0cc86dcbd1cbb3ec4a3ab2c44e3b2a74f\"},\n]\n";
        ScanHarness.Scan(Rules, Encoding.UTF8.GetBytes(poetry), "poetry.lock").Findings.ShouldBeEmpty();
    }
}
