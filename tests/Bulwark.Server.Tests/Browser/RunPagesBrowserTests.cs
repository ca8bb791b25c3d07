using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bulwark.Runner.Tests.Gates;
using Bulwark.Server.Access;
using Bulwark.Server.Tests.Access;
using Bulwark.Server.Tests.Infrastructure;
using Bulwark.Server.Tests.Pipelines;
using Bulwark.Tests.Shared;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Bulwark.Server.Tests.Browser;

/// <summary>
/// The run pages in a real browser (Debian's Chromium through Playwright) over real runs: a git repository on disk,
/// the embedded runner, bubblewrap and the real CLI for gates. A viewer reads a failed run down to its findings
/// and sees no run buttons; a developer starts a run from the form; the log page shows markup as text and follows a
/// running job live (script on, without reloading) or by refreshing itself (script off).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RunPagesBrowserTests : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private static readonly PageWaitForURLOptions Loaded = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    private readonly LocalRepository _repository = new();
    private readonly BulwarkCli _cli = new();
    private readonly TempDirectory _work = new("bulwark-work-");
    private TestServer _server = null!;
    private HttpClient _admin = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(Provider.Sqlite, o => o with
        {
            AllowLocalRepositories = true,
            EmbeddedRunners = 1,
            WorkDirectory = _work.Path,
            GateCommand = _cli.Command,
        });
        await _server.CreateUserAsync("root", isAdmin: true);
        await _server.CreateUserAsync("vic");
        await _server.CreateUserAsync("dev");
        _admin = _server.Client(await _server.CreateTokenAsync("root"));
        (await _admin.PostAsJsonAsync("/api/v1/projects", new { name = "ml-api", repositoryUrl = _repository.Url })).EnsureSuccessStatusCode();
        await _server.AddMemberAsync("ml-api", "vic", ProjectRole.Viewer);
        await _server.AddMemberAsync("ml-api", "dev", ProjectRole.Developer);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArgs });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _admin.Dispose();
        await _server.DisposeAsync();
        _repository.Dispose();
        _cli.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task A_viewer_reads_a_failed_run_down_to_its_findings_and_a_developer_starts_a_run_from_the_form()
    {
        const string gated = """
            on: { push: { branches: [main] }, manual: {} }
            jobs:
              scan:
                steps:
                  - uses: bulwark/secrets-scan
              lint:
                steps:
                  - run: echo linted
              build:
                needs: [scan, lint]
                steps:
                  - run: echo built
            """;
        _repository.Commit("leak", (".bulwark.yml", gated), ("config/aws.env", "AWS_ACCESS_KEY_ID=AKIAZ7Q3LMX4PVN2RT6W\n"));
        var first = await TriggerAsync("main");
        (await _admin.WaitForRunAsync(first)).GetProperty("status").GetString().ShouldBe("failed");

        var viewer = await SignInAsync("vic");
        await viewer.GotoAsync("/projects/ml-api");
        var row = viewer.Locator("table.runs tbody tr").First;
        await Expect(row).ToContainTextAsync("#1");
        await Expect(row).ToContainTextAsync("failed");
        await Expect(row).ToContainTextAsync("manual");
        (await viewer.GetByRole(AriaRole.Button, new() { Name = "Run pipeline" }).CountAsync()).ShouldBe(0);

        await viewer.GetByRole(AriaRole.Link, new() { Name = "#1", Exact = true }).ClickAsync();
        await viewer.WaitForURLAsync("**/projects/ml-api/runs/1", Loaded);
        await Expect(viewer.Locator("#run-status")).ToHaveTextAsync("failed");
        (await viewer.Locator(".dag .stage").CountAsync()).ShouldBe(2);
        await Expect(viewer.Locator(".dag .stage").Nth(0)).ToContainTextAsync("scan");
        await Expect(viewer.Locator(".dag .stage").Nth(0)).ToContainTextAsync("lint");
        await Expect(viewer.Locator("#dag-scan")).ToContainTextAsync("failed");
        await Expect(viewer.Locator("#dag-lint")).ToContainTextAsync("succeeded");
        await Expect(viewer.Locator("#dag-build")).ToContainTextAsync("skipped");
        await Expect(viewer.Locator("#dag-build")).ToContainTextAsync("needs scan, lint");
        var scanSteps = viewer.Locator("#job-scan table.steps tbody tr");
        await Expect(scanSteps.First).ToContainTextAsync("failed");
        var findings = viewer.Locator("#job-scan table.findings");
        await Expect(findings).ToContainTextAsync("config/aws.env:1");
        (await findings.Locator("tbody tr").CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
        await Expect(viewer.Locator("#job-scan .gate h4")).ToContainTextAsync("failed");
        (await viewer.GetByRole(AriaRole.Button, new() { Name = "Cancel run" }).CountAsync()).ShouldBe(0);
        (await viewer.GetByRole(AriaRole.Button, new() { Name = "Re-run" }).CountAsync()).ShouldBe(0);

        var developer = await SignInAsync("dev");
        await developer.GotoAsync("/projects/ml-api/runs/1");
        (await developer.GetByRole(AriaRole.Button, new() { Name = "Re-run" }).CountAsync()).ShouldBe(1);
        await developer.GotoAsync("/projects/ml-api");
        await developer.FillAsync("#run-ref", "main");
        await developer.GetByRole(AriaRole.Button, new() { Name = "Run pipeline" }).ClickAsync();
        await developer.WaitForURLAsync("**/projects/ml-api/runs/2", Loaded);
        await Expect(developer.Locator("h1")).ToContainTextAsync("Run #2");
        await Expect(developer.Locator("dl.facts")).ToContainTextAsync("dev");
        var second = (await _admin.GetFromJsonAsync<JsonElement>("/api/v1/projects/ml-api/runs"))[0];
        (second.GetProperty("number").GetInt32(), second.GetProperty("triggeredBy").GetString()).ShouldBe((2, "dev"));
        await _admin.WaitForRunAsync(second.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task The_log_page_shows_markup_as_text_and_follows_a_running_job_live()
    {
        const string slow = """
            on: { manual: {} }
            jobs:
              train:
                steps:
                  - run: echo '<script>alert(1)</script>'
                  - run: for i in $(seq 1 60); do echo "tick-$i <b>bold</b>"; sleep 0.5; done
            """;
        _repository.Commit("slow", (".bulwark.yml", slow));
        var runId = await TriggerAsync("main");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(await _admin.LogAsync(runId, "train")).Contains("tick-2", StringComparison.Ordinal))
        {
            clock.Elapsed.ShouldBeLessThan(PipelineTestData.RunTimeout, "the job never started ticking");
            await Task.Delay(200);
        }

        var page = await SignInAsync("vic");
        var dialogs = 0;
        page.Dialog += (_, dialog) => dialogs++;
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;
        navigations = 0;
        var response = (await page.GotoAsync("/projects/ml-api/runs/1/jobs/train")).ShouldNotBeNull();
        response.Headers["content-security-policy"].ShouldContain("script-src 'self'");
        var log = page.Locator("#log");
        await Expect(log).ToContainTextAsync("<script>alert(1)</script>");
        var initial = await log.TextContentAsync() ?? "";
        var seen = Ticks().Matches(initial).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        seen.ShouldBeLessThan(57, "the job ran too far before the page loaded to watch it live");

        await Expect(log).ToContainTextAsync($"tick-{seen + 3} <b>bold</b>", new() { Timeout = 60_000 });
        navigations.ShouldBe(1, "lines arrived without reloading the page");
        await Expect(page.Locator("#job-status")).ToHaveTextAsync("running");
        (await log.Locator("b, script").CountAsync()).ShouldBe(0, "log text never becomes markup");
        dialogs.ShouldBe(0);

        // Without JavaScript the page refreshes itself every two seconds while the job runs.
        await using var noScript = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString(), JavaScriptEnabled = false });
        noScript.SetDefaultTimeout(120_000);
        await noScript.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var still = await noScript.NewPageAsync();
        var refreshes = 0;
        still.FrameNavigated += (_, frame) => refreshes += frame == still.MainFrame ? 1 : 0;
        await still.GotoAsync("/projects/ml-api/runs/1/jobs/train");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (refreshes < 2)
        {
            waited.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the page without script never refreshed");
            await Task.Delay(100);
        }

        // When the job ends, the live page reloads once and shows how it ended.
        (await _admin.PostAsync($"/api/v1/runs/{runId}/cancel", null)).EnsureSuccessStatusCode();
        await Expect(page.Locator("#job-status")).ToHaveTextAsync("cancelled", new() { Timeout = 90_000 });
        await Expect(page.Locator("#log")).ToContainTextAsync("<script>alert(1)</script>");
        (await page.Locator("script[src='/js/log-stream.js']").CountAsync()).ShouldBe(0);
        dialogs.ShouldBe(0);
    }

    private async Task<Guid> TriggerAsync(string gitRef)
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/projects/ml-api/runs", new { @ref = gitRef });
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(201, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>A fresh browser context signed in through the sign-in page (members need no MFA).</summary>
    private async Task<IPage> SignInAsync(string username)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString() });
        // Chromium and a server with a job running share two loaded cores; Playwright's 30 s default is too short.
        context.SetDefaultTimeout(120_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", TestServer.StrongPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(_server.BaseAddress.ToString(), Loaded);
        return page;
    }

    [GeneratedRegex(@"tick-(\d+) ")]
    private static partial Regex Ticks();
}
