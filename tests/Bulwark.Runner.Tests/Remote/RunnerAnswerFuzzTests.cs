using System.Net;
using System.Text;
using System.Text.Json;
using Bulwark.Runner.Remote;
using CsCheck;

namespace Bulwark.Runner.Tests.Remote;

/// <summary>
/// What a runner reads from its server (or from a proxy in front of it) is parsed defensively: any body, random or a
/// mutated lease, either parses or fails as "the server is unavailable" (which the runner retries with backoff), and
/// describing a refusal never throws.
/// </summary>
public sealed class RunnerAnswerFuzzTests
{
    private static readonly byte[] Lease = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
    {
        jobId = Guid.NewGuid(), runId = Guid.NewGuid(), job = "build", attempt = 1, jobToken = "bwj_x", tokenExpiresAt = "2026-11-29T12:00:00Z",
        heartbeatSeconds = 10, secretNames = new[] { "HF_TOKEN" },
        spec = new
        {
            runId = Guid.NewGuid(), jobId = Guid.NewGuid(), project = "ml-api", job = "build", timeout = "00:10:00",
            checkout = new { repositoryUrl = "https://git.example/a/b", commit = new string('a', 40), @ref = "refs/heads/main" },
            steps = new[] { new { name = "make", run = "make" } },
        },
    }));

    [Fact]
    public void The_sample_lease_parses()
    {
        var lease = new RunnerAnswer(HttpStatusCode.OK, Lease).Read<LeasedJob>();
        lease.Spec.Timeout.ShouldBe(TimeSpan.FromMinutes(10));
        lease.SecretNames.ShouldBe(["HF_TOKEN"]);
    }

    [Fact]
    public void Random_bodies_parse_or_fail_as_unavailable_and_describing_them_never_throws()
    {
        Gen.Byte.Array[0, 2048].Sample(body => Survives(body), iter: 2000);
    }

    [Fact]
    public void Mutated_leases_parse_or_fail_as_unavailable()
    {
        Gen.Int[0, Lease.Length - 1].Array[1, 6].Select(Gen.Byte).Sample((positions, value) =>
        {
            var body = (byte[])Lease.Clone();
            foreach (var position in positions)
            {
                body[position] = value;
            }
            return Survives(body);
        }, iter: 2000);
        Gen.Int[0, Lease.Length].Sample(cut => Survives(Lease[..cut]), iter: 500);
    }

    private static bool Survives(byte[] body)
    {
        var answer = new RunnerAnswer(HttpStatusCode.BadRequest, body);
        answer.Refusal("testing").Message.ShouldStartWith("testing: the server answered 400");
        try
        {
            new RunnerAnswer(HttpStatusCode.OK, body).Read<LeasedJob>();
        }
        catch (RunnerServerUnavailableException)
        {
            // The documented failure: the runner backs off and asks again.
        }
        return true;
    }
}
