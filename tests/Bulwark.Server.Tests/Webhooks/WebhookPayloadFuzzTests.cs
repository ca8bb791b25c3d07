using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Bulwark.Server.Webhooks;

namespace Bulwark.Server.Tests.Webhooks;

/// <summary>
/// Random bytes and mutated real payloads through every parser path: each call returns an event or throws
/// <see cref="WebhookPayloadException"/>, nothing else, and the whole run stays within a time budget.
/// </summary>
public sealed class WebhookPayloadFuzzTests
{
    private static readonly (WebhookProvider Provider, string Event)[] Paths =
    [
        (WebhookProvider.GitHub, "push"), (WebhookProvider.GitHub, "pull_request"), (WebhookProvider.Gitea, "push"),
        (WebhookProvider.Gitea, "pull_request"), (WebhookProvider.GitLab, "Push Hook"), (WebhookProvider.GitLab, "Tag Push Hook"),
        (WebhookProvider.GitLab, "Merge Request Hook"),
    ];

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "null", "true", "1e999", "-0", "0000000000000000000000000000000000000000",
        "refs/heads/", "refs/tags/", "..", "\u0000", "\u202e", "\xff", "\"ref\":", "\"after\":", "\"object_kind\":\"push\"",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes_never_escape_as_anything_but_a_payload_error(int seed)
    {
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 512)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = (byte)'{';
            }
            ParseEverywhere(bytes);
        }
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Byte_mutations_of_real_payloads_never_escape_as_anything_but_a_payload_error(int seed)
    {
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        foreach (var name in WebhookFixtures.Names)
        {
            var original = WebhookFixtures.Bytes(name);
            for (var i = 0; i < 300; i++)
            {
                ParseEverywhere(MutateBytes(original, random));
            }
        }
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Structural_mutations_of_real_payloads_never_escape_as_anything_but_a_payload_error(int seed)
    {
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        foreach (var name in WebhookFixtures.Names)
        {
            for (var i = 0; i < 200; i++)
            {
                var root = JsonNode.Parse(WebhookFixtures.Bytes(name))!;
                for (var edits = random.Next(1, 4); edits > 0; edits--)
                {
                    MutateTree(root, random);
                }
                var (provider, eventName) = WebhookFixtures.EventOf(name);
                var outcome = ParseOnce(provider, eventName, Encoding.UTF8.GetBytes(root.ToJsonString()));
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }
        // The mutations must reach both sides: accepted events and validation errors (else the test tests nothing).
        outcomes.Keys.ShouldContain("error");
        outcomes.Keys.Count.ShouldBeGreaterThan(2);
    }

    [Fact]
    public void Deeply_nested_input_is_rejected_quickly()
    {
        var watch = Stopwatch.StartNew();
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":[", 200_000)));

        ParseEverywhere(body);

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    private static void ParseEverywhere(byte[] body)
    {
        foreach (var (provider, eventName) in Paths)
        {
            ParseOnce(provider, eventName, body);
        }
    }

    private static string ParseOnce(WebhookProvider provider, string eventName, byte[] body)
    {
        try
        {
            return WebhookPayloadParser.Parse(provider, eventName, body).Kind.ToString();
        }
        catch (WebhookPayloadException ex)
        {
            ex.Message.ShouldNotBeNullOrWhiteSpace();
            return "error";
        }
    }

    private static byte[] MutateBytes(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        for (var edits = random.Next(1, 6); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes[at] = (byte)random.Next(256);
                    break;
            }
        }
        return [.. bytes];
    }

    private static void MutateTree(JsonNode root, Random random)
    {
        var objects = new List<JsonObject>();
        Collect(root, objects);
        var target = objects[random.Next(objects.Count)];
        if (target.Count == 0)
        {
            return;
        }
        var key = target.ElementAt(random.Next(target.Count)).Key;
        target[key] = random.Next(10) switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(-5, 100)),
            2 => JsonValue.Create(random.Next(2) == 0),
            3 => new JsonArray(),
            4 => new JsonObject(),
            5 => JsonValue.Create(new string('0', 40)),
            6 => JsonValue.Create(Tokens[random.Next(Tokens.Length)]),
            7 => JsonValue.Create(new string('a', random.Next(0, 2000))),
            8 => JsonValue.Create(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "01234567"),
            _ => JsonValue.Create("refs/heads/" + Tokens[random.Next(Tokens.Length)]),
        };
    }

    private static void Collect(JsonNode? node, List<JsonObject> objects)
    {
        switch (node)
        {
            case JsonObject obj:
                objects.Add(obj);
                foreach (var (_, child) in obj)
                {
                    Collect(child, objects);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, objects);
                }
                break;
        }
    }
}
