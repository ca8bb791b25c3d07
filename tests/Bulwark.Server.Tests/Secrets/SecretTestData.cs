using System.Net.Http.Json;
using Bulwark.Server.Secrets;
using Bulwark.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bulwark.Server.Tests.Secrets;

/// <summary>Shortcuts for secrets tests: writing through the API and resolving as a job would.</summary>
internal static class SecretTestData
{
    public static async Task<HttpResponseMessage> PutSecretAsync(this HttpClient client, string path, object body) =>
        await client.PutAsJsonAsync(path, body);

    public static JobSecretRequest Job(string project, string? environment = null, string reference = "main", bool isProtected = true,
        string eventName = SecretEvents.Push, string job = "train", bool fromFork = false, bool approved = false) =>
        new("run-1", job, "step-1", project, environment, reference, isProtected, eventName, fromFork, approved);

    public static async Task<IReadOnlyList<JobSecret>> ResolveAsync(this TestServer server, JobSecretRequest request)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SecretAccess>().ResolveForJobAsync(request, CancellationToken.None);
    }
}
