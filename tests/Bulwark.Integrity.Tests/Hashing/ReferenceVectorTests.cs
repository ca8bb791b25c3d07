using System.Text.Json;
using Bulwark.Integrity.Hashing;
using Bulwark.Tests.Shared;

namespace Bulwark.Integrity.Tests.Hashing;

/// <summary>Interoperability: our manifest equals the resources the reference model_signing implementation signed.</summary>
public sealed class ReferenceVectorTests
{
    private static string Vector(string name) => Path.Combine(RepositoryPaths.Shared, "vectors", "model-signing", "model-transparency", name);

    private static List<(string Name, string Algorithm, string Digest)> SignedResources(string folder)
    {
        using var bundle = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "model.sig")));
        var payload = Convert.FromBase64String(bundle.RootElement.GetProperty("dsseEnvelope").GetProperty("payload").GetString()!);
        using var statement = JsonDocument.Parse(payload);
        var predicate = statement.RootElement.GetProperty("predicate");
        predicate.GetProperty("serialization").GetProperty("method").GetString().ShouldBe("files");
        return [.. predicate.GetProperty("resources").EnumerateArray().Select(r =>
            (r.GetProperty("name").GetString()!, r.GetProperty("algorithm").GetString()!, r.GetProperty("digest").GetString()!))];
    }

    [Theory]
    [InlineData("v1.1.0-elliptic-key")]
    [InlineData("v1.1.0-certificate")]
    [InlineData("v1.0.1-elliptic-key")]
    public void Folder_manifest_equals_the_reference_signed_resources(string vector)
    {
        var folder = Vector(vector);

        var manifest = new ModelHasher().Hash(folder, new HashingOptions { IgnorePaths = ["ignore-me", "model.sig"] }, CancellationToken.None);

        manifest.Resources.Select(r => (r.Name, r.Algorithm, r.Hex)).ShouldBe(SignedResources(folder));
    }

    [Fact]
    public void Single_file_manifest_equals_the_reference_signed_resource()
    {
        var folder = Vector("v1.0.0-elliptic-key");

        var manifest = new ModelHasher().Hash(Path.Combine(folder, "signme-1"), new HashingOptions(), CancellationToken.None);

        manifest.Resources.Select(r => (r.Name, r.Algorithm, r.Hex)).ShouldBe(SignedResources(folder));
    }

    [Fact]
    public void Ignored_signature_file_would_otherwise_change_the_manifest()
    {
        var manifest = new ModelHasher().Hash(Vector("v1.1.0-elliptic-key"), new HashingOptions(), CancellationToken.None);

        manifest.Resources.Select(r => r.Name).ShouldBe(["ignore-me", "model.sig", "signme-1", "signme-2"]);
    }
}
