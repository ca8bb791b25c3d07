using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bulwark.Runner.Remote;
using Bulwark.Server.Tests.Infrastructure;

namespace Bulwark.Server.Tests.Runners;

/// <summary>Remote runners as tests drive them: registration tokens from an administrator, registration, leases over HTTP.</summary>
internal static class RunnerTestData
{
    /// <summary>A registration token made through the API by <paramref name="admin"/> (a token client: no step-up needed).</summary>
    public static async Task<string> RegistrationTokenAsync(this HttpClient admin, int? expiresInMinutes = null)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/runners/registration-tokens", new { expiresInMinutes });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        token.ShouldStartWith("bwreg_");
        return token;
    }

    public static async Task<HttpResponseMessage> RegisterAsync(this TestServer server, string registrationToken, string name, params string[] labels)
    {
        using var client = server.Client(registrationToken);
        return await client.PostAsJsonAsync("/" + RunnerProtocol.RegisterPath, new RunnerRegistration(name, labels), RunnerProtocol.Json);
    }

    /// <summary>Registers a runner with a fresh token and returns it (with its credential).</summary>
    public static async Task<RunnerRegistered> RegisteredRunnerAsync(this TestServer server, HttpClient admin, string name, params string[] labels)
    {
        var response = await server.RegisterAsync(await admin.RegistrationTokenAsync(), name, labels);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RunnerRegistered>(RunnerProtocol.Json))!;
    }

    /// <summary>One lease request as the runner sends it; null on 204.</summary>
    public static async Task<LeasedJob?> LeaseOverHttpAsync(this TestServer server, string credential, int wait = 0)
    {
        using var client = server.Client(credential);
        using var response = await client.PostAsync($"/{RunnerProtocol.LeasePath}?wait={wait}", null);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<LeasedJob>(RunnerProtocol.Json);
    }

    /// <summary>A call to a per-job endpoint with the given bearer (the job's token, or something else to see it refused).</summary>
    public static async Task<HttpResponseMessage> JobCallAsync(this TestServer server, Guid jobId, string action, string bearer, HttpContent? content = null, HttpMethod? method = null)
    {
        using var client = server.Client();
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, "/" + RunnerProtocol.JobPath(jobId, action)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        // The body waits for the server's go-ahead, so a refused oversized body is answered instead of cut off mid-send.
        request.Headers.ExpectContinue = content is not null;
        return await client.SendAsync(request);
    }
}
