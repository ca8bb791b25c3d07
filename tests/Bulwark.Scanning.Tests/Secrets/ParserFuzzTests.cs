using System.Text;
using Bulwark.Core.Configuration;
using Bulwark.Scanning.Secrets;
using Bulwark.Scanning.Secrets.History;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Secrets;

/// <summary>Random and mutated input for the parsers not covered by the content fuzz tests.</summary>
public sealed class ParserFuzzTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-parser-fuzz-");

    public void Dispose() => _temp.Dispose();

    private static byte[] Mutate(Random random, byte[] original)
    {
        var mutated = (byte[])original.Clone();
        for (var e = random.Next(1, 6); e > 0; e--)
        {
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
        }
        return random.Next(8) == 0 ? mutated[..random.Next(mutated.Length)] : mutated;
    }

    [Fact]
    public async Task Raw_git_log_parser_never_throws_on_mutated_output()
    {
        var valid = Encoding.UTF8.GetBytes(
            "\0BULWARK-COMMIT\0" + new string('a', 40) + "\0Ada\0ada@example.test\02024-05-01T12:00:00+00:00\0" +
            "\n:000000 100644 " + new string('0', 40) + " " + new string('b', 40) + " A\0src/app.py\0" +
            ":100644 100644 " + new string('b', 40) + " " + new string('c', 40) + " M\0src/app.py\0");
        var random = new Random(11);
        for (var round = 0; round < 500; round++)
        {
            var parser = new RawLogParser(new MemoryStream(Mutate(random, valid)), () => { });
            await Should.NotThrowAsync(async () =>
            {
                await foreach (var change in parser.ReadAsync(CancellationToken.None))
                {
                    change.Path.ShouldNotBeNull();
                }
            });
        }
    }

    [Fact]
    public void Rule_and_config_files_either_load_or_fail_with_a_config_error()
    {
        var rules = Encoding.UTF8.GetBytes("[extend]\nuseDefault = false\n[[rules]]\nid = \"x\"\nregex = '''tok_[a-z]{8}'''\nkeywords = [\"tok_\"]\nentropy = 2.0\n[[rules.allowlists]]\nregexTarget = \"line\"\nregexes = ['''test''']\n");
        var config = Encoding.UTF8.GetBytes("[scan]\nexclude = [\"vendor/\"]\n[secrets]\nfail_on = \"high\"\nmax_file_size = \"10MB\"\narchive_depth = 2\n");
        var random = new Random(12);
        for (var round = 0; round < 300; round++)
        {
            var rulesPath = _temp.Combine("rules.toml");
            File.WriteAllBytes(rulesPath, Mutate(random, rules));
            try
            {
                SecretRuleLoader.LoadGitleaks(rulesPath);
            }
            catch (ConfigException error)
            {
                error.Message.ShouldContain("rules.toml");
            }
            File.WriteAllBytes(_temp.Combine(BulwarkConfig.FileName), Mutate(random, config));
            try
            {
                BulwarkConfigLoader.LoadFromRoot(_temp.Path);
            }
            catch (ConfigException error)
            {
                error.Message.ShouldContain(BulwarkConfig.FileName);
            }
        }
    }

    [Fact]
    public void Baselines_either_load_or_fail_with_a_baseline_error()
    {
        var valid = Encoding.UTF8.GetBytes("{\"version\":1,\"tool\":\"bulwark\",\"fingerprints\":[{\"fingerprint\":\"ab\",\"ruleId\":\"x\",\"path\":\"a\"},\"cd\"]}");
        var random = new Random(13);
        for (var round = 0; round < 300; round++)
        {
            var path = _temp.Combine("baseline.json");
            File.WriteAllBytes(path, Mutate(random, valid));
            try
            {
                Core.Policy.Baseline.Load(path);
            }
            catch (Core.Policy.BaselineException error)
            {
                error.Message.ShouldContain("baseline.json");
            }
        }
    }
}
