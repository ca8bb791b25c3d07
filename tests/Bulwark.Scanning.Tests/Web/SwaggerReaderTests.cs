using System.Diagnostics;
using Bulwark.Scanning.Web.Discovery;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>Swagger 2.0 documents become the same operations as OpenAPI 3 ones; random and mutated ones never crash or hang.</summary>
public sealed class SwaggerReaderTests
{
    private const string ValidJson = """
        {"swagger":"2.0","host":"api.example.com:8443","schemes":["http","https"],"basePath":"/v2/",
         "securityDefinitions":{"key":{"type":"apiKey","name":"X-Api-Key","in":"header"}},
         "security":[{"key":[]}],
         "definitions":{"Input":{"type":"object","properties":{"prompt":{"type":"string"},"n":{"$ref":"#/definitions/N"}}},"N":{"type":"integer","minimum":2}},
         "parameters":{"Id":{"name":"id","in":"path","required":true,"type":"integer"}},
         "paths":{
           "/items/{id}":{"parameters":[{"$ref":"#/parameters/Id"}],
             "get":{"operationId":"getItem","parameters":[{"name":"q","in":"query","type":"string","enum":["a","b"]},
                                                         {"name":"X-Trace","in":"header","type":"string","x-example":"t1"}]},
             "delete":{"security":[]}},
           "/generate":{"post":{"summary":"Generate text","parameters":[{"name":"body","in":"body","schema":{"$ref":"#/definitions/Input"}}]}},
           "/upload":{"post":{"security":[{"oauth":[]}],"consumes":["application/x-www-form-urlencoded"],
             "parameters":[{"name":"file","in":"formData","type":"string"},{"name":"count","in":"formData","type":"integer","default":3}]}}}}
        """;

    private const string ValidYaml = """
        swagger: '2.0'
        basePath: /api
        paths:
          /chat:
            post:
              summary: Chat completion
              parameters:
                - name: body
                  in: body
                  schema: {type: object, properties: {messages: {type: array, items: {type: object}}}}
          /models/{name}:
            get:
              parameters: [{name: name, in: path, type: string}]
        """;

    [Fact]
    public void Swagger_maps_to_the_same_operations_as_openapi_3()
    {
        var document = OpenApiReader.Read(ValidJson);

        document.BasePath.ShouldBe("/v2");
        document.Origin.ShouldBe("https://api.example.com:8443");
        document.Warnings.ShouldBe(["POST /upload: security scheme 'oauth' is not in securityDefinitions"]);
        var get = document.Operations.Single(o => o.Method == "GET");
        get.RequiresAuth.ShouldBeTrue();
        get.Parameters.Select(p => $"{p.In}:{p.Name}={p.Sample}:{p.Required}").ShouldBe(["query:q=a:False", "header:X-Trace=t1:False", "path:id=1:True"], ignoreOrder: true);
        document.Operations.Single(o => o.Method == "DELETE").RequiresAuth.ShouldBeFalse();
        var generate = document.Operations.Single(o => o.Path == "/generate");
        (generate.BodyContentType, generate.BodySample!.ToJsonString()).ShouldBe(("application/json", """{"prompt":"test","n":2}"""));
        var upload = document.Operations.Single(o => o.Path == "/upload");
        (upload.BodyContentType, upload.BodySample!.ToJsonString()).ShouldBe(("application/x-www-form-urlencoded", """{"file":"test","count":3}"""));
        upload.RequiresAuth.ShouldBeTrue();

        var endpoints = OpenApiEndpoints.From(OpenApiReader.Read(ValidYaml), new Uri("http://127.0.0.1:8080/"));
        endpoints.Single(e => e.Path == "/api/chat").PromptField.ShouldBe("messages");
        endpoints.Single(e => e.Path == "/api/chat").Inference.ShouldBeTrue();
        endpoints.Single(e => e.Path == "/api/models/{name}").Url.AbsolutePath.ShouldBe("/api/models/test");
        endpoints.ShouldAllBe(e => !e.RequiresAuth);
    }

    [Theory]
    [InlineData("{\"swagger\":\"1.2\"}", "Swagger 1.2 is not supported (2.0 and OpenAPI 3.x only)")]
    [InlineData("{\"swagger\":{\"v\":2}}", "is not supported")]
    public void Other_swagger_versions_are_a_clear_error(string text, string message)
    {
        Should.Throw<OpenApiException>(() => OpenApiReader.Read(text)).Message.ShouldContain(message);
    }

    [Fact]
    public void Swagger_reader_returns_or_raises_a_clear_error_on_mutated_and_random_documents() =>
        ParserFuzzTests.FuzzOpenApiReader(seed: 1204, ValidJson, ValidYaml, randomPrefix: "{\"swagger\":\"2.0\",");

    [Fact]
    public void Self_referencing_swagger_definitions_stay_bounded()
    {
        var wide = string.Join(",", Enumerable.Range(0, 30).Select(i => $"\"p{i}\":{{\"$ref\":\"#/definitions/S\"}}"));
        var document = "{\"swagger\":\"2.0\",\"definitions\":{\"S\":{\"type\":\"object\",\"properties\":{" + wide + "}}},"
            + "\"paths\":{\"/x\":{\"post\":{\"operationId\":\"predict\",\"parameters\":[{\"name\":\"b\",\"in\":\"body\",\"schema\":{\"$ref\":\"#/definitions/S\"}}]}}}}";
        var clock = Stopwatch.StartNew();

        var read = OpenApiReader.Read(document);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        read.Operations.Single().BodySample!.ToJsonString().Length.ShouldBeLessThan(200_000);
    }
}
