using System.CommandLine;
using System.Text.Json;
using Bulwark.Integrity.Hashing;

namespace Bulwark.Cli.Commands;

/// <summary>
/// <c>bulwark hash PATH [--method files|shards] [--format table|json]</c>: the digests model signing uses, for
/// a model or dataset — per file (or per shard) SHA-256 and the root digest over them, hashed in parallel.
/// </summary>
internal static class HashCommand
{
    public static Command Build(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("PATH") { Description = "File or folder" };
        var format = new Option<string>("--format", "-f") { Description = "table (sha256sum-like lines) or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Worker threads (default: one per core)" };
        var shared = new SigningOptions(withMethod: true);
        var command = new Command("hash", "Hash a model or dataset: per-file (or per-shard) SHA-256 and the root digest, at disk speed");
        command.Arguments.Add(path);
        command.Options.Add(format);
        command.Options.Add(jobs);
        shared.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            ModelManifest manifest;
            try
            {
                manifest = new ModelHasher().Hash(parse.GetValue(path)!, shared.Read(parse) with { Parallelism = parse.GetValue(jobs) }, cancellationToken);
            }
            catch (ModelHashingException ex)
            {
                error.WriteLine($"bulwark: {ex.Message}");
                return Task.FromResult(ExitCodes.UsageError);
            }
            var root = CombinedDigest.Of(manifest.Resources.Select(r => r.Digest));
            if (parse.GetValue(format) == "json")
            {
                WriteJson(output, parse.GetValue(path)!, manifest, root);
            }
            else
            {
                foreach (var resource in manifest.Resources)
                {
                    output.WriteLine($"{resource.Hex}  {resource.Name}");
                }
                output.WriteLine($"{Convert.ToHexStringLower(root)}  (root: SHA-256 over the {manifest.Resources.Count} digests above, as model signing's subject)");
            }
            return Task.FromResult(ExitCodes.Clean);
        });
        return command;
    }

    private static void WriteJson(TextWriter output, string path, ModelManifest manifest, byte[] root)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteString("method", manifest.Method == SerializationMethod.Shards ? "shards" : "files");
            json.WriteString("algorithm", manifest.HashAlgorithm);
            if (manifest.Method == SerializationMethod.Shards)
            {
                json.WriteNumber("shardSize", manifest.ShardSize);
            }
            json.WriteString("rootDigest", Convert.ToHexStringLower(root));
            json.WriteStartArray("files");
            foreach (var file in manifest.Files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteNumber("size", file.Size);
                if (file.Sha256.Length > 0)
                {
                    json.WriteString("sha256", Convert.ToHexStringLower(file.Sha256));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("resources");
            foreach (var resource in manifest.Resources)
            {
                json.WriteStartObject();
                json.WriteString("name", resource.Name);
                json.WriteString("digest", resource.Hex);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("bytes", manifest.Files.Sum(f => f.Size));
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
