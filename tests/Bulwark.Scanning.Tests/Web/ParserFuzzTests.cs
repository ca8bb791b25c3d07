using System.Diagnostics;
using System.Text;
using Bulwark.Scanning.Web.Discovery;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>Random and mutated input for the DAST parsers: no crash, no hang, bounded output.</summary>
public sealed class ParserFuzzTests
{
    private const string ValidJson = """
        {"openapi":"3.0.3","servers":[{"url":"https://api.example/v1"}],"security":[{"k":[]}],
         "components":{"schemas":{"A":{"type":"object","properties":{"b":{"$ref":"#/components/schemas/B"},"s":{"type":"string","format":"uri"}}},
           "B":{"allOf":[{"$ref":"#/components/schemas/A"},{"type":"object","properties":{"n":{"type":"integer","minimum":3}}}]}},
           "parameters":{"P":{"name":"id","in":"path","schema":{"type":"integer"}}}},
         "paths":{"/items/{id}":{"parameters":[{"$ref":"#/components/parameters/P"}],
           "get":{"operationId":"getItem","parameters":[{"name":"q","in":"query","schema":{"type":"string","enum":["a","b"]}}]},
           "post":{"operationId":"predict","security":[],"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/A"}}}}}}}}
        """;

    private const string ValidYaml = """
        openapi: 3.1.0
        security: [{bearer: []}]
        paths:
          /chat:
            post:
              summary: Chat completion
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {messages: {type: array, items: {type: object}}, model: {type: string}}}
          /models/{name}:
            get:
              parameters: [{name: name, in: path, schema: {type: string}}]
        """;

    private const string ValidHtml = """
        <html><head><script src="/a.js"></script><link href="/s.css"></head><body>
        <a href="/x?y=1">x</a><a href="javascript:alert(1)">j</a><iframe src="/f"></iframe>
        <form action="/search" method="GET"><input name="q" value="v"><select name="s"><option value="1">1</option></select>
        <textarea name="t">text</textarea><input type="submit" name="go"></form></body></html>
        """;

    internal static string Mutate(Random random, string text)
    {
        var chars = text.ToCharArray();
        const string alphabet = "{}[]:,\"'&*!|>-#\n \t$/\\<=?";
        for (var e = random.Next(1, 8); e > 0; e--)
        {
            chars[random.Next(chars.Length)] = random.Next(3) == 0 ? (char)random.Next(32, 0x2FF) : alphabet[random.Next(alphabet.Length)];
        }
        var mutated = new string(chars);
        return random.Next(6) == 0 ? mutated[..random.Next(mutated.Length)] : mutated;
    }

    internal static string Random(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(random.Next(4) == 0 ? "{}[]<>:\"'/&#=\n"[random.Next(14)] : (char)random.Next(32, 127));
        }
        return text.ToString();
    }

    [Fact]
    public void Valid_documents_read_with_refs_parameters_bodies_and_security()
    {
        var json = OpenApiReader.Read(ValidJson);
        var yaml = OpenApiReader.Read(ValidYaml);

        json.BasePath.ShouldBe("/v1");
        var get = json.Operations.Single(o => o.Method == "GET");
        get.RequiresAuth.ShouldBeTrue();
        get.Parameters.Select(p => $"{p.In}:{p.Name}={p.Sample}").ShouldBe(["query:q=a", "path:id=1"], ignoreOrder: true);
        var post = json.Operations.Single(o => o.Method == "POST");
        post.RequiresAuth.ShouldBeFalse();
        post.BodySample!["s"]!.GetValue<string>().ShouldBe("https://example.com/");
        var endpoints = OpenApiEndpoints.From(yaml, new Uri("http://127.0.0.1:8080/"));
        endpoints.Single(e => e.Path == "/chat").PromptField.ShouldBe("messages");
        endpoints.Single(e => e.Path == "/chat").Inference.ShouldBeTrue();
        endpoints.Single(e => e.Path == "/models/{name}").Url.AbsolutePath.ShouldBe("/models/test");
        endpoints.ShouldAllBe(e => e.RequiresAuth);
    }

    [Fact]
    public void OpenApi_reader_returns_or_raises_a_clear_error_on_mutated_and_random_documents() =>
        FuzzOpenApiReader(seed: 1201, ValidJson, ValidYaml, randomPrefix: "");

    /// <summary>
    /// Reads 1,500 documents, in turn mutations of <paramref name="json"/>, of <paramref name="yaml"/>, and random text
    /// after <paramref name="randomPrefix"/>: each is read (within the operation limit) or refused with a message, in bounded time.
    /// </summary>
    internal static void FuzzOpenApiReader(int seed, string json, string yaml, string randomPrefix)
    {
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < 1500; round++)
        {
            var text = (round % 3) switch
            {
                0 => Mutate(random, json),
                1 => Mutate(random, yaml),
                _ => randomPrefix + Random(random, random.Next(1, 400)),
            };
            try
            {
                var document = OpenApiReader.Read(text);
                document.Operations.Count.ShouldBeLessThanOrEqualTo(OpenApiReader.MaxOperations);
                OpenApiEndpoints.From(document, new Uri("http://127.0.0.1:1/"));
            }
            catch (OpenApiException error)
            {
                error.Message.ShouldNotBeNullOrWhiteSpace();
            }
        }
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Self_referencing_and_exploding_schemas_stay_bounded()
    {
        var wide = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"p{i}\":{{\"$ref\":\"#/components/schemas/S\"}}"));
        var document = "{\"openapi\":\"3.0.0\",\"components\":{\"schemas\":{\"S\":{\"type\":\"object\",\"properties\":{" + wide + "}}}},"
            + "\"paths\":{\"/x\":{\"post\":{\"operationId\":\"predict\",\"requestBody\":{\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/S\"}}}}}}}}";
        var clock = Stopwatch.StartNew();

        var read = OpenApiReader.Read(document);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        read.Operations.Single().BodySample!.ToJsonString().Length.ShouldBeLessThan(200_000);
    }

    [Fact]
    public void Html_extraction_never_throws_and_caps_what_it_returns()
    {
        var random = new Random(1202);
        for (var round = 0; round < 800; round++)
        {
            var html = round % 2 == 0 ? Mutate(random, ValidHtml) : Random(random, random.Next(1, 2000));
            var links = HtmlExtractor.Extract(html);
            links.Links.Count.ShouldBeLessThanOrEqualTo(HtmlExtractor.MaxLinks);
            links.Forms.Count.ShouldBeLessThanOrEqualTo(HtmlExtractor.MaxForms);
        }
        var many = HtmlExtractor.Extract(string.Concat(Enumerable.Repeat("<a href=/x>x</a><form><input name=a></form>", 5_000)));
        many.Links.Count.ShouldBe(HtmlExtractor.MaxLinks);
        many.Forms.Count.ShouldBe(HtmlExtractor.MaxForms);
        var valid = HtmlExtractor.Extract(ValidHtml);
        valid.Links.ShouldBe(["/s.css", "/x?y=1", "/f"]);
        valid.Scripts.ShouldBe(["/a.js"]);
        valid.Forms.Single().Inputs.Select(i => $"{i.Key}={i.Value}").ShouldBe(["q=v", "s=1", "t=text"]);
    }

    [Fact]
    public void Robots_and_sitemaps_never_throw_and_stay_bounded()
    {
        var random = new Random(1203);
        const string robots = "User-agent: *\nDisallow: /admin/*\nAllow: /public$\nSitemap: https://x/sitemap.xml\n";
        const string sitemap = "<?xml version=\"1.0\"?><urlset><url><loc>/a</loc></url><url><loc>/b</loc></url></urlset>";
        for (var round = 0; round < 800; round++)
        {
            SiteIndexReader.ReadRobots(round % 2 == 0 ? Mutate(random, robots) : Random(random, 300));
            SiteIndexReader.ReadSitemap(round % 2 == 0 ? Mutate(random, sitemap) : Random(random, 300)).Count.ShouldBeLessThanOrEqualTo(SiteIndexReader.MaxEntries);
        }
        SiteIndexReader.ReadRobots(robots).Paths.ShouldBe(["/admin/", "/public"]);
        SiteIndexReader.ReadSitemap(sitemap).ShouldBe(["/a", "/b"]);
        SiteIndexReader.ReadSitemap("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><urlset><url><loc>&e;</loc></url></urlset>").ShouldBeEmpty();
    }
}
