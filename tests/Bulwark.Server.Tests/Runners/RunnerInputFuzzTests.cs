using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Bulwark.Runner.Remote;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Server.Tests.Runs;

namespace Bulwark.Server.Tests.Runners;

/// <summary>
/// A runner is a machine that may be compromised: random and mutated credentials and bodies, sent to every runner
/// endpoint on each real database, are refused (401 for credentials, 4xx for bodies) and never become a server error,
/// a hang, or a token that works. Each test is bounded in requests and in time.
/// </summary>
public abstract class RunnerInputFuzzTests(Provider provider) : IAsyncLifetime
{
    private const int Rounds = 150;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    private readonly Random _random = new(20261129);
    private TestServer _server = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(provider);
        await _server.CreateUserAsync("root", isAdmin: true);
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        await _admin.CreateProjectAsync("ml-api");
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Random_and_mutated_credentials_are_refused_on_every_runner_endpoint()
    {
        var registration = await _admin.RegistrationTokenAsync();
        var runner = await _server.RegisteredRunnerAsync(_admin, "box");
        await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  only: { steps: [ { run: make } ] }\n");
        var lease = (await _server.LeaseOverHttpAsync(runner.Credential))!;
        var clock = Stopwatch.StartNew();
        var originals = new[] { registration, runner.Credential, lease.JobToken };
        for (var round = 0; round < Rounds && clock.Elapsed < Budget; round++)
        {
            var original = originals[round % originals.Length];
            // Printable ASCII: the client library itself refuses anything else in a header.
            var forged = Printable(round % 5 == 0 ? RandomText(_random.Next(0, 200)) : Mutate(original));
            if (forged.Trim() == original)
            {
                continue;
            }
            var (path, method) = (round % 3) switch
            {
                0 => ("/" + RunnerProtocol.RegisterPath, HttpMethod.Post),
                1 => ($"/{RunnerProtocol.LeasePath}?wait=0", HttpMethod.Post),
                _ => ("/" + RunnerProtocol.JobPath(lease.JobId, "heartbeat"), HttpMethod.Post),
            };
            using var client = _server.Client();
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent("""{"name":"x","labels":[]}""", Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + forged);
            using var response = await client.SendAsync(request);
            // 400: Kestrel refuses a header with bytes it does not accept, before any authentication.
            response.StatusCode.ShouldBeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest], $"{path} with '{forged}'");
        }
        (await _server.RegisterAsync(registration, "genuine")).StatusCode.ShouldBe(HttpStatusCode.Created, "no forgery used the registration token up");
        (await _server.JobCallAsync(lease.JobId, "heartbeat", lease.JobToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Random_and_mutated_job_bodies_get_client_errors_never_server_errors()
    {
        var runner = await _server.RegisteredRunnerAsync(_admin, "box");
        await _server.CreateRunAsync("ml-api", "on: { manual: {} }\njobs:\n  only: { steps: [ { run: make } ] }\n");
        var lease = (await _server.LeaseOverHttpAsync(runner.Credential))!;
        var samples = new (string Action, string Body)[]
        {
            ("steps/0/started", """{"name":"make"}"""),
            ("steps/1/finished", """{"conclusion":"failed","exitCode":1,"durationMilliseconds":5}"""),
            ("gates?step=0&gate=secrets-scan&passed=true", """{"findings":[{"rule":"aws","path":"a.env","line":1}],"summary":{"high":1}}"""),
            ("log", "step output\n"),
            ("artifacts?path=out/model.bin", "weights"),
            ("complete", """{"conclusion":"bogus","reason":"x"}"""),
        };
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < Rounds && clock.Elapsed < Budget; round++)
        {
            var (action, body) = samples[round % samples.Length];
            var mutated = round % 7 == 0 ? Nest(_random.Next(10, 3000)) : Mutate(body);
            if (action == "complete" && new[] { "succeeded", "failed", "timedOut", "cancelled" }.Any(c => mutated.Contains(c, StringComparison.Ordinal)))
            {
                continue;
            }
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(mutated));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (action.StartsWith("artifacts", StringComparison.Ordinal))
            {
                content.Headers.TryAddWithoutValidation(RunnerProtocol.Sha256Header, round % 2 == 0 ? Printable(Mutate(new string('a', 64))) : new string('0', 64));
            }
            var path = round % 4 == 0 ? MutateQuery(action) : action;
            using var response = await _server.JobCallAsync(lease.JobId, path, lease.JobToken, content);
            ((int)response.StatusCode).ShouldBeLessThan(500, $"{path} with {mutated[..Math.Min(mutated.Length, 200)]}: {await response.Content.ReadAsStringAsync()}");
        }
        var beat = await _server.JobCallAsync(lease.JobId, "heartbeat", lease.JobToken);
        beat.StatusCode.ShouldBe(HttpStatusCode.OK, "the job is still held and the server still answers");
    }

    private string Mutate(string text)
    {
        var chars = new StringBuilder(text);
        for (var edits = _random.Next(1, 4); edits > 0; edits--)
        {
            var at = chars.Length == 0 ? 0 : _random.Next(chars.Length);
            switch (_random.Next(6))
            {
                case 0 when chars.Length > 0:
                    chars.Remove(at, 1);
                    break;
                case 1:
                    chars.Insert(at, Pick("{}[]\",:_\\-0\u0000\u200e\ud800é\n"));
                    break;
                case 2 when chars.Length > 0:
                    chars[at] = RandomChar();
                    break;
                case 3:
                    chars.Length = at;
                    break;
                case 4:
                    chars.Insert(at, new string(Pick("a9_"), _random.Next(1, 300)));
                    break;
                default:
                    chars.Insert(at, "\\u" + _random.Next(0xD800, 0xE000).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
        return chars.ToString();
    }

    private string MutateQuery(string action) => action.Contains('?', StringComparison.Ordinal)
        ? action[..action.IndexOf('?', StringComparison.Ordinal)] + "?" + Uri.EscapeDataString(Mutate(action[(action.IndexOf('?', StringComparison.Ordinal) + 1)..])).Replace("%3D", "=").Replace("%26", "&")
        : action.Replace("0", _random.Next(-5, 400).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static string Printable(string text) => new(text.Where(c => c is >= ' ' and < (char)0x7F).ToArray());

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    private string RandomText(int length) => new(Enumerable.Range(0, length).Select(_ => RandomChar()).ToArray());

    private char RandomChar() => _random.Next(4) == 0 ? (char)_random.Next(0x80, 0x800) : (char)_random.Next(0x20, 0x7F);

    private char Pick(string from) => from[_random.Next(from.Length)];
}

public sealed class SqliteRunnerInputFuzzTests() : RunnerInputFuzzTests(Provider.Sqlite);

public sealed class PostgresRunnerInputFuzzTests() : RunnerInputFuzzTests(Provider.Postgres);
