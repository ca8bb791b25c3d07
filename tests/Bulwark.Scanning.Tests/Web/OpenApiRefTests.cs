using Bulwark.Scanning.Web.Discovery;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>References into other documents: followed inside the document's folder, refused outside it, bounded in depth and count.</summary>
public sealed class OpenApiRefTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-dast-refs-");
    private readonly TempDirectory _outside = new("bulwark-dast-outside-");

    public void Dispose()
    {
        _temp.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task Operations_parameters_bodies_and_security_in_other_files_are_read_like_local_ones()
    {
        var main = _temp.Write("spec/openapi.yaml", """
            openapi: 3.0.3
            components:
              securitySchemes: {bearer: {type: http, scheme: bearer}}
            paths:
              /api/v1/models:
                $ref: "paths/models.yaml#/ModelsPath"
              /api/v1/predict:
                $ref: "./paths/predict.json"
              /api/v1/items/{id}:
                get:
                  parameters:
                    - {name: id, in: path, schema: {type: integer}}
                    - $ref: "common/parameters.yaml#/components/parameters/a~1b~0c"
                    - $ref: "common/parameters.yaml#/list/1"
                    - $ref: "common/parameters.yaml#/with%20space"
            """);
        _temp.Write("spec/paths/models.yaml", """
            ModelsPath:
              get:
                operationId: listModels
                security: [{bearer: []}]
                parameters:
                  - $ref: "../common/parameters.yaml#/Limit"
            """);
        _temp.Write("spec/paths/predict.json", """
            {"post": {"operationId": "predict", "security": [{"bearer": []}],
              "requestBody": {"content": {"application/json": {"schema": {"$ref": "../schemas/model.yaml#/components/schemas/PredictRequest"}}}}}}
            """);
        _temp.Write("spec/schemas/model.yaml", """
            components:
              schemas:
                PredictRequest:
                  type: object
                  properties:
                    inputs: {$ref: "#/components/schemas/Text"}
                    model: {$ref: "../common/parameters.yaml#/ModelName"}
                Text: {type: string, example: great product}
            """);
        _temp.Write("spec/common/parameters.yaml", """
            Limit: {name: limit, in: query, schema: {type: integer, minimum: 5}}
            ModelName: {type: string, example: sentiment-v3}
            with space: {name: spaced, in: query, example: s}
            components:
              parameters:
                a/b~c: {name: odd, in: query, schema: {type: string, example: tilde}}
            list:
              - {name: first, in: query}
              - {name: second, in: query, example: two}
            """);

        var (set, document) = await OpenApiRefs.ReadFileAsync(main);

        set.Loaded.ShouldBe(4);
        document.Warnings.ShouldBeEmpty();
        var models = document.Operations.Single(o => o.Path == "/api/v1/models");
        models.RequiresAuth.ShouldBeTrue();
        models.Parameters.Select(p => $"{p.In}:{p.Name}={p.Sample}").ShouldBe(["query:limit=5"]);
        var predict = document.Operations.Single(o => o.Path == "/api/v1/predict");
        predict.RequiresAuth.ShouldBeTrue();
        predict.BodySample!.ToJsonString().ShouldBe("""{"inputs":"great product","model":"sentiment-v3"}""");
        document.Operations.Single(o => o.Path == "/api/v1/items/{id}").Parameters.Select(p => $"{p.Name}={p.Sample}")
            .ShouldBe(["id=1", "odd=tilde", "second=two", "spaced=s"]);
        // Read on its own, the document has neither operation: the results depend on following the references.
        var alone = OpenApiReader.Read(await File.ReadAllTextAsync(main));
        alone.Operations.Select(o => o.Path).ShouldBe(["/api/v1/items/{id}"]);
        alone.Warnings.ShouldContain("reference 'paths/models.yaml#/ModelsPath' not followed (the document it names was not loaded)");
    }

    [Fact]
    public async Task Swagger_references_into_other_files_are_followed()
    {
        var main = _temp.Write("swagger.json", """
            {"swagger": "2.0", "securityDefinitions": {"key": {"type": "apiKey", "name": "k", "in": "header"}},
             "paths": {"/generate": {"$ref": "ops.yaml#/Generate"}}}
            """);
        _temp.Write("ops.yaml", """
            Generate:
              post:
                summary: Generate text
                security: [{key: []}]
                parameters:
                  - {name: body, in: body, schema: {$ref: "defs.json#/definitions/Input"}}
                  - $ref: "defs.json#/parameters/Limit"
            """);
        _temp.Write("defs.json", """{"definitions": {"Input": {"type": "object", "properties": {"prompt": {"type": "string"}}}}, "parameters": {"Limit": {"name": "limit", "in": "query", "type": "integer", "default": 7}}}""");

        var (_, document) = await OpenApiRefs.ReadFileAsync(main);

        var generate = document.Operations.Single();
        generate.RequiresAuth.ShouldBeTrue();
        generate.BodySample!.ToJsonString().ShouldBe("""{"prompt":"test"}""");
        generate.Parameters.Single().ShouldBe(new OpenApiParameter("limit", "query", false, "7"));
    }

    [Fact]
    public async Task References_leaving_the_folder_are_refused_with_the_reason()
    {
        _outside.Write("p.yaml", "P: {name: outsider, in: query}\n");
        var main = _temp.Write("spec/openapi.yaml", """
            openapi: 3.0.3
            paths:
              /x:
                get:
                  parameters:
                    - $ref: "../../etc/passwd#/x"
                    - $ref: "/etc/passwd#/x"
                    - $ref: "file:///etc/hostname#/x"
                    - $ref: "http://127.0.0.1:1/p.yaml#/P"
                    - $ref: "sub/../../../p.yaml#/P"
                    - $ref: "link.yaml#/P"
                    - $ref: "linkdir/p.yaml#/P"
                    - $ref: "missing.yaml#/P"
                    - $ref: "broken.yaml#/P"
                    - $ref: "sub/../ok.yaml#/P"
                    - $ref: "ok.yaml#/nowhere"
                    - $ref: "ok.yaml#/bad~2escape"
            """);
        _temp.Write("spec/ok.yaml", "P: {name: inside, in: query}\n");
        _temp.Write("spec/broken.yaml", "P: [unclosed\n");
        File.CreateSymbolicLink(_temp.Combine("spec/link.yaml"), _outside.Combine("p.yaml"));
        Directory.CreateSymbolicLink(_temp.Combine("spec/linkdir"), _outside.Path);

        var (set, document) = await OpenApiRefs.ReadFileAsync(main);

        document.Operations.Single().Parameters.Select(p => p.Name).ShouldBe(["inside"]);
        set.Loaded.ShouldBe(1);
        var warnings = document.Warnings;
        warnings.ShouldContain("reference '../../etc/passwd#/x' not followed: outside the document's folder");
        warnings.ShouldContain("reference 'sub/../../../p.yaml#/P' not followed: outside the document's folder");
        foreach (var absolute in (string[])["/etc/passwd#/x", "file:///etc/hostname#/x", "http://127.0.0.1:1/p.yaml#/P"])
        {
            warnings.ShouldContain($"reference '{absolute}' not followed: absolute paths and URLs are not followed from a local document (only files in its folder)");
        }
        warnings.ShouldContain("reference 'link.yaml#/P' not followed: a symbolic link leads outside the document's folder");
        warnings.ShouldContain("reference 'linkdir/p.yaml#/P' not followed: a symbolic link leads outside the document's folder");
        warnings.ShouldContain("reference 'missing.yaml#/P' not followed: no such file");
        warnings.ShouldContain(w => w.StartsWith("reference 'broken.yaml#/P' not followed: invalid document: invalid YAML at line", StringComparison.Ordinal));
        warnings.ShouldContain("reference 'ok.yaml#/nowhere' points nowhere");
        warnings.ShouldContain("reference 'ok.yaml#/bad~2escape' points nowhere");
    }

    [Fact]
    public async Task A_symbolic_link_inside_the_folder_is_followed()
    {
        var main = _temp.Write("openapi.yaml", "openapi: 3.0.3\npaths:\n  /x:\n    get:\n      parameters: [{$ref: 'alias/p.yaml#/P'}]\n");
        _temp.Write("real/p.yaml", "P: {name: aliased, in: query}\n");
        Directory.CreateSymbolicLink(_temp.Combine("alias"), "real");

        var (_, document) = await OpenApiRefs.ReadFileAsync(main);

        document.Operations.Single().Parameters.Single().Name.ShouldBe("aliased");
    }

    [Fact]
    public async Task A_cycle_between_two_files_loads_each_once_and_a_reference_loop_is_reported()
    {
        var main = _temp.Write("openapi.yaml", """
            openapi: 3.0.3
            paths:
              /x: {$ref: "a.yaml#/PathX"}
            """);
        _temp.Write("a.yaml", """
            PathX:
              post:
                operationId: predict
                parameters:
                  - $ref: "b.yaml#/P"
                  - $ref: "#/Loop"
                requestBody:
                  content:
                    application/json:
                      schema: {$ref: "#/Node"}
            Loop: {$ref: "b.yaml#/Loop"}
            Node: {type: object, properties: {name: {type: string}, next: {$ref: "b.yaml#/Node"}}}
            """);
        _temp.Write("b.yaml", """
            P: {name: p, in: query, example: v}
            Loop: {$ref: "a.yaml#/Loop"}
            Node: {type: object, properties: {back: {$ref: "a.yaml#/Node"}}}
            """);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (set, document) = await OpenApiRefs.ReadFileAsync(main);

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        set.Loaded.ShouldBe(2);
        var operation = document.Operations.Single();
        operation.Parameters.Select(p => $"{p.Name}={p.Sample}").ShouldBe(["p=v"]);
        operation.BodySample!["next"]!["back"]!["name"]!.GetValue<string>().ShouldBe("test");
        document.Warnings.ShouldContain(w => w.EndsWith("is part of a reference cycle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Documents_deeper_than_the_depth_limit_are_refused()
    {
        var main = _temp.Write("openapi.yaml", "openapi: 3.0.3\npaths:\n  /x:\n    get:\n      parameters: [{$ref: 'd1.yaml#/P'}]\n");
        for (var i = 1; i <= 7; i++)
        {
            _temp.Write($"d{i}.yaml", $"P: {{name: p{i}, in: query}}\nNext: {{$ref: 'd{i + 1}.yaml#/P'}}\n");
        }

        var (set, document) = await OpenApiRefs.ReadFileAsync(main);

        set.Loaded.ShouldBe(OpenApiRefLoader.MaxDocumentDepth);
        document.Warnings.ShouldBe([$"reference 'd6.yaml#/P' not followed: more than {OpenApiRefLoader.MaxDocumentDepth} documents deep"]);
        document.Operations.Single().Parameters.Single().Name.ShouldBe("p1");
    }

    [Fact]
    public async Task More_documents_than_the_count_limit_are_refused()
    {
        var references = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"{{$ref: 'f{i}.yaml#/P'}}"));
        var main = _temp.Write("openapi.yaml", $"openapi: 3.0.3\npaths:\n  /x:\n    get:\n      parameters: [{references}]\n");
        for (var i = 0; i < 40; i++)
        {
            _temp.Write($"f{i}.yaml", $"P: {{name: p{i}, in: query}}\n");
        }

        var (set, document) = await OpenApiRefs.ReadFileAsync(main);

        set.Loaded.ShouldBe(OpenApiRefLoader.MaxDocuments);
        document.Operations.Single().Parameters.Count.ShouldBe(OpenApiRefLoader.MaxDocuments);
        document.Warnings.ShouldContain($"reference 'f32.yaml#/P' not followed: more than {OpenApiRefLoader.MaxDocuments} referenced documents");
        document.Warnings.Count.ShouldBe(8);
    }

    [Fact]
    public async Task Referenced_documents_share_one_yaml_node_budget()
    {
        // Each file alone stays under the node budget; together they would not.
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d]\nP: {name: p, in: query}\n";
        var references = string.Join(", ", Enumerable.Range(0, 20).Select(i => $"{{$ref: 'b{i}.yaml#/P'}}"));
        var main = _temp.Write("openapi.yaml", $"openapi: 3.0.3\npaths:\n  /x:\n    get:\n      parameters: [{references}]\n");
        for (var i = 0; i < 20; i++)
        {
            _temp.Write($"b{i}.yaml", bomb);
        }

        var (set, document) = await OpenApiRefs.ReadFileAsync(main);

        set.Loaded.ShouldBeLessThan(20);
        document.Warnings.ShouldContain(w => w.Contains("not followed: invalid document: document too large (node budget spent", StringComparison.Ordinal));
    }
}
