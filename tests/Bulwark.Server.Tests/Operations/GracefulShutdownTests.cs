using Bulwark.Server.Configuration;
using Bulwark.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bulwark.Server.Tests.Operations;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stopping_lets_an_in_flight_request_finish_and_then_refuses_new_ones()
    {
        using var data = new TempDirectory("bulwark-shutdown-");
        var options = new ServerOptions { DataDirectory = data.Path, Listen = "127.0.0.1:0", InsecureHttp = true };
        var app = ServerApp.Build(options, logging: l => l.SetMinimumLevel(LogLevel.Warning));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.MapGet("/test/slow", async () =>
        {
            entered.SetResult();
            await release.Task;
            return Results.Text("finished");
        }).AllowAnonymous();
        await ServerApp.PrepareAsync(app, CancellationToken.None);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var inFlight = client.GetAsync("/test/slow");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stopping = app.StopAsync();
        // Stopping waits for the request: it cannot complete while the handler is still running.
        (await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromMilliseconds(300)))).ShouldNotBe(stopping);
        release.SetResult();

        using var response = await inFlight.WaitAsync(TimeSpan.FromSeconds(30));
        response.IsSuccessStatusCode.ShouldBeTrue();
        (await response.Content.ReadAsStringAsync()).ShouldBe("finished");
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        await Should.ThrowAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
        await app.DisposeAsync();
    }
}
