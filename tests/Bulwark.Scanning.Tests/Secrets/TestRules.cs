using Bulwark.Scanning.Secrets;

namespace Bulwark.Scanning.Tests.Secrets;

/// <summary>
/// A small gitleaks-format rule set for engine tests, so they do not depend on the default rules' details,
/// and fake secrets built at run time (the repository itself holds no token-shaped literals).
/// </summary>
internal static class TestRules
{
    public const string Toml = """
        [[rules]]
        id = "test-token"
        description = "Test token"
        regex = '''\b(tok_[A-Za-z0-9]{32})\b'''
        keywords = ["tok_"]

        [[rules]]
        id = "test-pem"
        description = "Test private key"
        regex = '''-----BEGIN TEST KEY-----[A-Za-z0-9+/=\s]{20,4000}-----END TEST KEY-----'''
        keywords = ["-----begin test key"]
        multiline = true

        [[rules]]
        id = "test-assignment"
        description = "Test password assignment"
        regex = '''(?i)passcode\s*=\s*['"]([^'"\s]{6,64})['"]'''
        keywords = ["passcode"]
        entropy = 2.5
        """;

    public static SecretRuleSet Load()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bulwark-test-rules-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, Toml);
        try
        {
            return SecretRuleLoader.LoadGitleaks(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Token(int seed) => "tok_" + Random(seed, 32, Alphanumeric);

    public static string Random(int seed, int length, string alphabet)
    {
        var random = new Random(seed);
        return string.Create(length, alphabet, (span, a) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = a[random.Next(a.Length)];
            }
        });
    }
}
