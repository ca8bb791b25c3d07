using System.Diagnostics;
using System.Text.Json.Nodes;
using Bulwark.Scanning.Web.Discovery;
using Bulwark.Tests.Shared;

namespace Bulwark.Scanning.Tests.Web;

/// <summary>Random and mutated sets of documents referencing each other: no crash, no hang, every limit held.</summary>
public sealed class OpenApiRefFuzzTests : IDisposable
{
    private static readonly string[] Names = ["openapi.yaml", "a.yaml", "b.json", "sub/c.yaml"];

    private static readonly string[] Templates =
    [
        """
        openapi: 3.0.3
        security: [{k: []}]
        paths:
          /x: {$ref: "a.yaml#/PathX"}
          /y:
            post:
              operationId: predict
              parameters: [{$ref: "b.json#/parameters/P"}, {$ref: "sub/c.yaml#/Q"}]
              requestBody: {content: {application/json: {schema: {$ref: "b.json#/definitions/S"}}}}
        """,
        """
        PathX:
          get:
            security: [{k: []}]
            parameters: [{$ref: "sub/c.yaml#/Q"}, {$ref: "#/Local"}, {$ref: "b.json#/parameters/P"}]
        Local: {name: local, in: query, schema: {$ref: "b.json#/definitions/S"}}
        Loop: {$ref: "sub/c.yaml#/Loop"}
        """,
        """
        {"parameters": {"P": {"name": "p", "in": "query", "schema": {"$ref": "a.yaml#/Loop"}}},
         "definitions": {"S": {"type": "object", "properties": {"a": {"$ref": "sub/c.yaml#/S"}, "b~/c": {"type": "string"}}}}}
        """,
        """
        Q: {name: q, in: query, example: v}
        S: {allOf: [{$ref: "../b.json#/definitions/S"}, {properties: {n: {type: integer}}}]}
        Loop: {$ref: "../a.yaml#/Loop"}
        Up: {$ref: "../../../etc/passwd#/x"}
        """,
    ];

    private static readonly string[] HostileReferences =
    [
        "../x.yaml#/P", "/etc/passwd#/x", "a.yaml#/~2", "a.yaml#/%zz", "b.json#/parameters/0", "#", "#/", "a.yaml#", "sub/../../x#/y",
        "http://127.0.0.1:1/x#/y", "file:///etc/hostname", "\\\\server\\share#/x", "a.yaml#/PathX/get/parameters/01", "%2e%2e/%2e%2e/etc/passwd#/x", "",
    ];

    private readonly TempDirectory _temp = new("bulwark-dast-reffuzz-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Mutated_and_random_document_sets_read_or_fail_clearly_within_bounds()
    {
        var random = new Random(1210);
        var clock = Stopwatch.StartNew();
        var followed = 0;
        for (var round = 0; round < 250; round++)
        {
            var folder = $"r{round}";
            for (var i = 0; i < Names.Length; i++)
            {
                var text = (random.Next(4)) switch
                {
                    0 => Templates[i],
                    1 => ParserFuzzTests.Random(random, random.Next(1, 300)),
                    2 => Templates[i] + $"\nExtra: {{$ref: \"{HostileReferences[random.Next(HostileReferences.Length)]}\"}}\n",
                    _ => ParserFuzzTests.Mutate(random, Templates[i]),
                };
                // Keep the root a YAML document so that the references, not the root, are what varies most rounds.
                _temp.Write($"{folder}/{Names[i]}", i == 0 && round % 5 != 0 ? Templates[0] + "\n# " + text.Replace("\n", "\n# ", StringComparison.Ordinal) : text);
            }
            try
            {
                var (set, document) = await OpenApiRefs.ReadFileAsync(_temp.Combine($"{folder}/openapi.yaml"));
                set.Loaded.ShouldBeLessThanOrEqualTo(OpenApiRefLoader.MaxDocuments);
                set.Problems.Count.ShouldBeLessThanOrEqualTo(OpenApiRefLoader.MaxProblems);
                document.Operations.Count.ShouldBeLessThanOrEqualTo(OpenApiReader.MaxOperations);
                document.Warnings.ShouldAllBe(w => !w.Contains("/etc/passwd", StringComparison.Ordinal) || w.Contains("not followed", StringComparison.Ordinal));
                OpenApiEndpoints.From(document, new Uri("http://127.0.0.1:1/"));
                followed += set.Loaded > 0 && document.Operations.Count > 0 ? 1 : 0;
            }
            catch (OpenApiException error)
            {
                error.Message.ShouldNotBeNullOrWhiteSpace();
            }
        }
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
        // The inputs must exercise loading, not only fail at the root.
        followed.ShouldBeGreaterThan(100);
    }

    [Fact]
    public void Json_pointers_never_throw_and_unescape_per_rfc_6901()
    {
        var document = JsonNode.Parse("""{"a/b": {"m~n": [10, {"": 2}]}, "%": 3, " ": 4}""");
        OpenApiPointer.Evaluate(document, "/a~1b/m~0n/1/", out var found)!.GetValue<int>().ShouldBe(2);
        found.ShouldBeTrue();
        OpenApiPointer.Evaluate(document, "/%25", out _)!.GetValue<int>().ShouldBe(3);
        OpenApiPointer.Evaluate(document, "/%20", out _)!.GetValue<int>().ShouldBe(4);
        OpenApiPointer.Evaluate(document, "", out found).ShouldBeSameAs(document);
        foreach (var invalid in (string[])["/a~1b/m~0n/01", "/a~2b", "a", "/a~", "/a~1b/m~0n/-", "/a~1b/m~0n/9"])
        {
            OpenApiPointer.Evaluate(document, invalid, out found).ShouldBeNull();
            found.ShouldBeFalse(invalid);
        }
        var random = new Random(1211);
        for (var round = 0; round < 5_000; round++)
        {
            var pointer = round % 2 == 0 ? ParserFuzzTests.Random(random, random.Next(0, 40)) : ParserFuzzTests.Mutate(random, "/a~1b/m~0n/1/%20x");
            OpenApiPointer.Evaluate(document, pointer, out _);
            OpenApiPointer.Split(pointer);
            OpenApiPointer.Document(new Uri("file:///tmp/spec/openapi.yaml"), OpenApiPointer.Split(pointer).Document);
        }
    }
}
