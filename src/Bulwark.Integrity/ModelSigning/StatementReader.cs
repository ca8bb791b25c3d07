using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Bulwark.Integrity.Hashing;
using Bulwark.Integrity.Sigstore;
using static Bulwark.Integrity.Sigstore.JsonStrict;

namespace Bulwark.Integrity.ModelSigning;

/// <summary>A parsed statement or why the payload is not an OMS v1.0 statement.</summary>
internal sealed record StatementReadResult(OmsStatement? Statement, string? Error);

/// <summary>
/// Reads the DSSE payload as an OMS v1.0 statement: statement and predicate types, one subject whose sha256 equals
/// the digest over the listed resources, sha256 resources with unique names. Unknown fields are tolerated (the
/// statement is signed, so they cannot have been added by anyone but the signer).
/// </summary>
internal static class StatementReader
{
    private const int MaxIgnorePaths = 10_000;

    public static StatementReadResult Read(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, DocumentOptions);
            return new StatementReadResult(ReadStatement(document.RootElement), null);
        }
        catch (JsonException ex)
        {
            return new StatementReadResult(null, "the signed statement is " + ErrorFor(ex));
        }
        catch (InvalidOperationException)
        {
            // GetString() on a string holding invalid UTF-8 (the parser only checks structure there).
            return new StatementReadResult(null, "the signed statement holds text that is not valid UTF-8");
        }
        catch (InvalidBundleException ex)
        {
            return new StatementReadResult(null, "the signed statement is invalid: " + ex.Message);
        }
    }

    private static OmsStatement ReadStatement(JsonElement root)
    {
        ExpectObject(root, "statement");
        var type = String(root, "_type", "statement");
        if (type != OmsStatement.StatementType)
        {
            throw new InvalidBundleException($"_type is '{type}', expected '{OmsStatement.StatementType}'");
        }
        var predicateType = String(root, "predicateType", "statement");
        if (predicateType != OmsStatement.PredicateType)
        {
            throw new InvalidBundleException($"predicateType is '{predicateType}', expected '{OmsStatement.PredicateType}'");
        }
        var subjects = Array(root, "subject", "statement");
        if (subjects.GetArrayLength() != 1)
        {
            throw new InvalidBundleException("subject must hold exactly one entry");
        }
        var subject = subjects[0];
        ExpectObject(subject, "subject[0]");
        var name = String(subject, "name", "subject[0]");
        var subjectDigest = Hex(String(Object(subject, "digest", "subject[0]"), "sha256", "subject[0].digest"), "subject[0].digest.sha256");
        var predicate = Object(root, "predicate", "statement");
        var serialization = ReadSerialization(Object(predicate, "serialization", "predicate"));
        var resources = ReadResources(Array(predicate, "resources", "predicate"));
        if (!CryptographicOperations.FixedTimeEquals(subjectDigest, OmsStatement.CombinedDigest(resources)))
        {
            throw new InvalidBundleException("the subject digest does not match the listed resources");
        }
        return new OmsStatement(name, subjectDigest, serialization, resources);
    }

    private static OmsSerialization ReadSerialization(JsonElement serialization)
    {
        const string where = "predicate.serialization";
        var method = String(serialization, "method", where) switch
        {
            "files" => SerializationMethod.Files,
            "shards" => SerializationMethod.Shards,
            var other => throw new InvalidBundleException($"{where}.method '{other}' is not supported (files, shards)"),
        };
        var hashType = String(serialization, "hash_type", where);
        if (hashType != "sha256")
        {
            throw new InvalidBundleException($"{where}.hash_type '{hashType}' is not supported (sha256)");
        }
        var allowSymlinks = serialization.TryGetProperty("allow_symlinks", out var symlinks) && symlinks.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidBundleException($"{where}.allow_symlinks must be a boolean"),
        };
        long shardSize = 0;
        if (method == SerializationMethod.Shards
            && (Optional(serialization, "shard_size", JsonValueKind.Number, where) is not { } size || !size.TryGetInt64(out shardSize) || shardSize <= 0))
        {
            throw new InvalidBundleException($"{where}.shard_size must be a positive integer for the shards method");
        }
        List<string>? ignorePaths = null;
        if (Optional(serialization, "ignore_paths", JsonValueKind.Array, where) is { } ignored)
        {
            if (ignored.GetArrayLength() > MaxIgnorePaths)
            {
                throw new InvalidBundleException($"{where}.ignore_paths holds more than {MaxIgnorePaths} entries");
            }
            ignorePaths = [];
            foreach (var path in ignored.EnumerateArray())
            {
                ignorePaths.Add(path.ValueKind == JsonValueKind.String
                    ? path.GetString()!
                    : throw new InvalidBundleException($"{where}.ignore_paths must hold strings"));
            }
        }
        return new OmsSerialization(method, hashType, allowSymlinks, ignorePaths, shardSize);
    }

    private static List<ResourceDigest> ReadResources(JsonElement resources)
    {
        var list = new List<ResourceDigest>(resources.GetArrayLength());
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in resources.EnumerateArray())
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"predicate.resources[{list.Count}]");
            ExpectObject(resource, where);
            var name = String(resource, "name", where);
            var algorithm = String(resource, "algorithm", where);
            if (algorithm != "sha256")
            {
                throw new InvalidBundleException($"{where}.algorithm '{algorithm}' is not supported (sha256)");
            }
            if (name.Length == 0 || !names.Add(name))
            {
                throw new InvalidBundleException($"{where}.name is empty or repeated");
            }
            list.Add(new ResourceDigest(name, algorithm, Hex(String(resource, "digest", where), where + ".digest")));
        }
        return list;
    }

    private static byte[] Hex(string text, string where)
    {
        if (text.Length != 64)
        {
            throw new InvalidBundleException($"{where} must be 64 hex digits");
        }
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new InvalidBundleException($"{where} must be 64 hex digits");
        }
    }
}
