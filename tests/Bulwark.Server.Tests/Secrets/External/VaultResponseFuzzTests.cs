using System.Text;
using Bulwark.Server.Secrets.External;
using static Bulwark.Server.Tests.Secrets.External.FakeVault;
using static Bulwark.Server.Tests.Secrets.External.VaultTestKit;

namespace Bulwark.Server.Tests.Secrets.External;

/// <summary>
/// Vault's answers are untrusted: random bytes, mutated recorded responses, oversized and deeply nested bodies
/// must never crash the client or escape as anything but a <see cref="SecretProviderException"/>.
/// </summary>
public sealed class VaultResponseFuzzTests : IAsyncLifetime
{
    private const int Iterations = 300;
    private FakeVault _vault = null!;

    public async Task InitializeAsync() => _vault = await StartAsync();

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task Random_bytes_are_always_a_bad_response()
    {
        var random = new Random(7001);
        using var provider = Provider(TokenOptions(_vault));
        for (var i = 0; i < Iterations; i++)
        {
            var body = new byte[random.Next(0, 2048)];
            random.NextBytes(body);
            _vault.On("GET", ReadPath, new Reply(200, body));

            var ex = await Should.ThrowAsync<SecretProviderException>(() => provider.ResolveAsync(Reference(), CancellationToken.None));
            ex.Failure.ShouldBe(SecretProviderFailure.BadResponse);
        }
    }

    [Theory]
    [InlineData("kv2-read-latest.json", "GET")]
    [InlineData("kv2-read-mixed-types.json", "GET")]
    [InlineData("approle-login.json", "POST")]
    public async Task Mutated_recorded_responses_give_a_value_or_a_provider_exception(string fixture, string method)
    {
        var random = new Random(fixture.Length * 31 + method.Length);
        var original = Encoding.UTF8.GetBytes(Fixture(fixture));
        var failures = 0;
        for (var i = 0; i < Iterations; i++)
        {
            _vault.On("POST", LoginPath, method == "POST" ? new Reply(200, Mutate(original, random)) : Reply.Json(200, "approle-login.json"));
            _vault.On("GET", ReadPath, method == "GET" ? new Reply(200, Mutate(original, random)) : Reply.Json(200, "kv2-read-latest.json"));
            // A fresh provider per round, so every round logs in again.
            using var provider = Provider(AppRoleOptions(_vault));
            try
            {
                (await provider.ResolveAsync(Reference("vault://kv/ci/deploy#user"), CancellationToken.None)).ShouldNotBeNull();
            }
            catch (SecretProviderException)
            {
                failures++;
            }
        }
        failures.ShouldBeGreaterThan(Iterations / 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_one_mebibyte_is_refused_whether_or_not_its_length_is_declared(bool declareLength)
    {
        var body = Encoding.UTF8.GetBytes(new string(' ', VaultResponse.MaxBytes) + Fixture("kv2-read-latest.json"));
        _vault.On("GET", ReadPath, new Reply(200, body, DeclareLength: declareLength));
        using var provider = Provider(TokenOptions(_vault));

        (await FailsAsync(provider, Reference(), SecretProviderFailure.BadResponse)).Message.ShouldContain("larger than 1 MiB");
    }

    [Fact]
    public async Task A_body_just_under_the_limit_is_read()
    {
        var body = Encoding.UTF8.GetBytes(new string(' ', VaultResponse.MaxBytes - 4096) + Fixture("kv2-read-latest.json"));
        _vault.On("GET", ReadPath, new Reply(200, body));
        using var provider = Provider(TokenOptions(_vault));

        (await provider.ResolveAsync(Reference(), CancellationToken.None)).ShouldBe(LatestValue);
    }

    [Fact]
    public async Task Nesting_deeper_than_the_limit_is_a_bad_response()
    {
        var depth = VaultResponse.MaxDepth + 8;
        var body = new StringBuilder("""{"data":{"data":{"api-token":"x","deep":""");
        body.Insert(body.Length, "[", depth).Insert(body.Length, "]", depth).Append("}}}");
        _vault.On("GET", ReadPath, new Reply(200, body.ToString()));
        using var provider = Provider(TokenOptions(_vault));

        (await FailsAsync(provider, Reference(), SecretProviderFailure.BadResponse)).Message.ShouldContain("not valid JSON");
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"data\"")]
    [InlineData("""{"data":null}""")]
    [InlineData("""{"data":{"data":"flat"}}""")]
    [InlineData("""{"data":{"data":[]}}""")]
    public async Task Answers_of_the_wrong_shape_are_bad_responses(string body)
    {
        _vault.On("GET", ReadPath, new Reply(200, body));
        using var provider = Provider(TokenOptions(_vault));

        await FailsAsync(provider, Reference(), SecretProviderFailure.BadResponse);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(random.Next(1, 32), bytes.Count - at)));
                    break;
                case 3:
                    bytes.Insert(at, (byte)"{}[]\",:\\0-e"[random.Next(11)]);
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }
        return [.. bytes];
    }
}
