using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.FileProviders;

namespace Bulwark.Scanning.Tests.Web;

public sealed partial class DastTarget
{
    private static readonly HttpClient Fetcher = new() { Timeout = TimeSpan.FromSeconds(3) };

    private void Map()
    {
        var app = _app;
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _requests);
            Arrivals.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            Seen.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (!On(Weakness.MissingHeaders))
            {
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                context.Response.Headers.XFrameOptions = "DENY";
                context.Response.Headers["Referrer-Policy"] = "no-referrer";
            }
            if (On(Weakness.Banner))
            {
                context.Response.Headers.XPoweredBy = "PHP/8.1.2";
            }
            var origin = context.Request.Headers.Origin.ToString();
            if (origin.Length > 0 && (On(Weakness.Cors) || origin == "https://app.example"))
            {
                context.Response.Headers.AccessControlAllowOrigin = origin;
                context.Response.Headers.AccessControlAllowCredentials = "true";
            }
            await next(context);
        });
        if (On(Weakness.ErrorDisclosure))
        {
            app.UseDeveloperExceptionPage();
        }
        else
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => { context.Response.StatusCode = 500; return context.Response.WriteAsync("Something went wrong."); } });
        }
        if (On(Weakness.DirectoryListing))
        {
            app.UseDirectoryBrowser(new DirectoryBrowserOptions { FileProvider = new PhysicalFileProvider(_files), RequestPath = "/files" });
        }
        app.UseRateLimiter();

        app.MapGet("/", () => Results.Content(Home(), "text/html; charset=utf-8"));
        app.MapGet("/static/app.js", () => Results.Content("fetch('/api/v1/models').then(r => r.json());\nconst help = \"/help\";", "text/javascript"));
        app.MapGet("/help", () => Results.Content("<html><body><p>Help</p></body></html>", "text/html"));
        app.MapGet("/robots.txt", () => "User-agent: *\nDisallow: /admin/reload\nSitemap: /sitemap.xml\n");
        app.MapGet("/sitemap.xml", () => Results.Content("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>/help</loc></url></urlset>", "application/xml"));
        app.MapGet("/openapi.json", () => Results.Content(OpenApi, "application/json"));
        app.MapGet("/ping", () => "pong");
        app.MapGet("/away", () => Foreign is null ? Results.Redirect("/") : Results.Redirect(new Uri(Foreign, "redirected").AbsoluteUri));

        app.MapGet("/search", (string? q) =>
        {
            q ??= "";
            var html = On(Weakness.Xss) ? q : WebUtility.HtmlEncode(q);
            var js = On(Weakness.Xss) ? q : JavaScriptEncoder.Default.Encode(q);
            return Results.Content($"<html><body><h1>Results for {html}</h1><input name=\"q\" value=\"{html}\"><script>var query = '{js}';</script></body></html>", "text/html; charset=utf-8");
        });
        app.MapGet("/products", (string? id) => Query("SELECT name FROM products WHERE id = " + (id ?? "1"), "SELECT name FROM products WHERE id = $v", id ?? "1", showErrors: true));
        app.MapGet("/items", (string? name) => Query($"SELECT name FROM products WHERE name = '{name}'", "SELECT name FROM products WHERE name = $v", name ?? "", showErrors: false));
        app.MapGet("/api/v1/lookup", (string? name) =>
        {
            if (On(Weakness.BlindSqli))
            {
                Query($"SELECT name FROM products WHERE name = '{name}'", null, null, showErrors: false);
            }
            return Results.Json(new { status = "ok" });
        });
        app.MapGet("/download", (string? file) =>
        {
            var full = Path.GetFullPath(Path.Combine(_files, file ?? "readme.txt"));
            if (!On(Weakness.PathTraversal) && !full.StartsWith(_files + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return Results.BadRequest("no such document");
            }
            return File.Exists(full) ? Results.Text(File.ReadAllText(full)) : Results.NotFound();
        });
        app.MapGet("/go", (string? next) =>
        {
            next ??= "/";
            var local = next.StartsWith('/') && !next.StartsWith("//", StringComparison.Ordinal) && !next.StartsWith("/\\", StringComparison.Ordinal);
            return Results.Redirect(On(Weakness.OpenRedirect) || local ? next : "/");
        });
        app.MapGet("/fetch", async (string? url) =>
        {
            url ??= "";
            if (!On(Weakness.Ssrf) && url != new Uri(BaseUrl, "ping").AbsoluteUri)
            {
                return Results.BadRequest("host not allowed");
            }
            try
            {
                var text = await Fetcher.GetStringAsync(url);
                return Results.Text($"fetched {text.Length} bytes");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
            {
                return Results.Text($"fetch failed: {ex.Message}", statusCode: 502);
            }
        });
        app.MapGet("/login-page", (HttpContext context) =>
        {
            context.Response.Cookies.Append("session", "s3ss10n", On(Weakness.CookieFlags)
                ? new CookieOptions { HttpOnly = false, Secure = false, SameSite = SameSiteMode.Unspecified }
                : new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
            return Results.Content("<html><body><p>Welcome</p></body></html>", "text/html");
        });
        app.MapGet("/crash", IResult () => throw new InvalidOperationException("database connection string is missing"));
        app.MapPost("/subscribe", () => Results.Ok("subscribed"));
        app.MapGet("/.env", () => On(Weakness.ExposedFile) ? Results.Text($"DATABASE_URL=postgres://app@db/app\nGITHUB_TOKEN={LeakedToken}\nDEBUG=false\n") : Results.NotFound());
        app.MapGet("/metrics", () => On(Weakness.DebugEndpoint) ? Results.Text("# HELP requests_total Requests.\n# TYPE requests_total counter\nrequests_total 12\n") : Results.NotFound());
        app.MapGet("/models/model.safetensors", (HttpContext context) =>
        {
            if (!On(Weakness.UnauthenticatedEndpoint) && Authenticate(context) is null)
            {
                return Results.Unauthorized();
            }
            var header = "{\"__metadata__\":{}}"u8.ToArray();
            var bytes = BitConverter.GetBytes((long)header.Length).Concat(header).Concat(new byte[64]).ToArray();
            return Results.Bytes(bytes, "application/octet-stream");
        });
        app.MapGet("/admin/reload", (HttpContext context) => On(Weakness.UnauthenticatedEndpoint) || Authenticate(context) is not null ? Results.Text("model reloaded") : Results.Unauthorized());

        app.MapGet("/api/v1/models", (HttpContext context) => Allowed(context) ? Results.Json(new[] { new { id = "sentiment-v3" } }) : Results.Unauthorized());
        app.MapGet("/api/v1/me", (HttpContext context) => Authenticate(context) is { } subject ? Results.Json(new { subject }) : Results.Unauthorized());
        var predict = app.MapPost("/api/v1/predict", (HttpContext context, JsonObject body) =>
            Allowed(context) ? Results.Json(new { label = "positive", score = 0.93 }) : Results.Unauthorized());
        var chat = app.MapPost("/api/v1/chat", (HttpContext context, JsonObject body) =>
        {
            if (!Allowed(context))
            {
                return Results.Unauthorized();
            }
            var prompt = body["prompt"]?.ToString() ?? "";
            var probing = prompt.Contains("instruction", StringComparison.OrdinalIgnoreCase) || prompt.Contains("first message", StringComparison.OrdinalIgnoreCase);
            return Results.Json(new { reply = On(Weakness.PromptInjection) && probing ? $"Sure. My instructions are: {SystemPrompt}" : "Hi! I answer questions about Acme products." });
        });
        if (!On(Weakness.MissingRateLimit))
        {
            predict.RequireRateLimiting("inference");
            chat.RequireRateLimiting("inference");
        }
    }

    private bool Allowed(HttpContext context) => On(Weakness.AuthBypass) || Authenticate(context) is not null;

    private IResult Query(string unsafeSql, string? safeSql, string? value, bool showErrors)
    {
        var vulnerable = safeSql is null || On(Weakness.Sqli);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_files, "shop.db")}");
        connection.Open();
        // MySQL's SLEEP, so time-based probes have a real delay to find in the blind endpoint.
        connection.CreateFunction("sleep", (long seconds) => { Thread.Sleep(TimeSpan.FromSeconds(Math.Min(seconds, 5))); return 0L; });
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "CREATE TABLE IF NOT EXISTS products (id INTEGER, name TEXT); INSERT INTO products SELECT 1, 'apple' WHERE NOT EXISTS (SELECT 1 FROM products); INSERT INTO products SELECT 2, 'pear' WHERE (SELECT count(*) FROM products) = 1;";
            setup.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = vulnerable ? unsafeSql : safeSql!;
        if (!vulnerable)
        {
            command.Parameters.AddWithValue("$v", value);
        }
        try
        {
            var names = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
            return Results.Json(names);
        }
        catch (SqliteException ex)
        {
            return showErrors ? Results.Text($"query failed: {ex.Message}", statusCode: 500) : Results.Json(Array.Empty<string>());
        }
    }

    private string Home()
    {
        var foreign = Foreign is null ? "" : $"<a href=\"{new Uri(Foreign, "linked")}\">partner</a><img src=\"{new Uri(Foreign, "pixel.gif")}\">";
        return $"""
            <html><head><title>Acme</title><script src="/static/app.js"></script></head><body>
            <a href="/search?q=hello">search</a> <a href="/products?id=1">products</a> <a href="/items?name=apple">items</a>
            <a href="/download?file=readme.txt">readme</a> <a href="/go?next=/help">go</a> <a href="/fetch?url={new Uri(BaseUrl, "ping")}">fetch</a>
            <a href="/files/">files</a> <a href="/login-page">login</a> <a href="/crash">status</a> <a href="/away">away</a> {foreign}
            <form action="/search" method="get"><input name="q" value="x"><input type="submit"></form>
            <form action="/subscribe" method="post"><input name="email" value="a@example.com"></form>
            </body></html>
            """;
    }

    private const string OpenApi = """
        {
          "openapi": "3.0.3",
          "info": { "title": "Acme ML", "version": "1" },
          "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
              "PredictRequest": { "type": "object", "properties": { "inputs": { "type": "string", "example": "great product" } } },
              "ChatRequest": { "type": "object", "properties": { "prompt": { "type": "string" }, "temperature": { "type": "number" } } }
            }
          },
          "security": [ { "bearer": [] } ],
          "paths": {
            "/api/v1/models": { "get": { "operationId": "listModels", "responses": { "200": { "description": "ok" } } } },
            "/api/v1/me": { "get": { "operationId": "me", "responses": { "200": { "description": "ok" } } } },
            "/api/v1/predict": { "post": { "operationId": "predict", "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/PredictRequest" } } } }, "responses": { "200": { "description": "ok" } } } },
            "/api/v1/chat": { "post": { "operationId": "chat", "summary": "Chat with the assistant", "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ChatRequest" } } } }, "responses": { "200": { "description": "ok" } } } },
            "/api/v1/lookup": { "get": { "operationId": "lookup", "security": [], "parameters": [ { "name": "name", "in": "query", "schema": { "type": "string", "example": "apple" } } ], "responses": { "200": { "description": "ok" } } } },
            "/models/model.safetensors": { "get": { "operationId": "downloadModel", "security": [], "responses": { "200": { "description": "weights" } } } }
          }
        }
        """;
}
