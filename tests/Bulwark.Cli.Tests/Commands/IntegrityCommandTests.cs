using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Bulwark.Tests.Shared;

namespace Bulwark.Cli.Tests.Commands;

/// <summary>keygen, sign, verify, hash and manifest end to end in process, with the contract spellings.</summary>
public sealed class IntegrityCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("bulwark-integrity-cli-");

    public void Dispose() => _temp.Dispose();

    private static string Vectors => Path.Combine(RepositoryPaths.Shared, "vectors", "model-signing", "model-transparency");

    private string Model()
    {
        _temp.Write("model/config.json", "{\"hidden\": 64}\n");
        _temp.Write("model/weights/part-0.bin", new string('x', 5000));
        _temp.Write("model/.git/HEAD", "ref: refs/heads/main\n");
        return _temp.Combine("model");
    }

    [Theory]
    [InlineData("p256")]
    [InlineData("p384")]
    [InlineData("p521")]
    public async Task Sign_then_verify_round_trips_and_any_change_fails(string curve)
    {
        var model = Model();
        var key = _temp.Combine("key.pem");
        var pub = _temp.Combine("key.pub");
        var sig = _temp.Combine("model.sig");

        (await CliRun.InProcess("keygen", "--private-key", key, "--public-key", pub, "--curve", curve)).ExitCode.ShouldBe(0);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(key).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        (await CliRun.InProcess("sign", model, "--key", key, "--signature", sig)).ExitCode.ShouldBe(0);
        (await CliRun.InProcess("verify", model, "--signature", sig, "--key", pub)).ExitCode.ShouldBe(0);

        File.AppendAllText(Path.Combine(model, "weights", "part-0.bin"), "!");
        var (code, _, stderr) = await CliRun.InProcess("verify", model, "--signature", sig, "--key", pub);
        code.ShouldBe(1);
        stderr.ShouldContain("modified weights/part-0.bin");
    }

    [Fact]
    public async Task Certificate_signing_round_trips_through_the_cli()
    {
        var model = Model();
        // Chains are checked at the leaf's notBefore (as the reference does), so fixed dates keep the test stable.
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddYears(10);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rootRequest = new CertificateRequest("CN=test-root", rootKey, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(start, end);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=model-signer", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], true));
        using var leaf = leafRequest.Create(root, start.AddDays(1), end.AddDays(-1), [1, 2, 3, 4]);
        var leafKeyPath = _temp.Write("leaf.pem", leafKey.ExportPkcs8PrivateKeyPem());
        var leafCertPath = _temp.Write("leaf.crt", leaf.ExportCertificatePem());
        var rootPath = _temp.Write("root.pem", root.ExportCertificatePem());
        var sig = _temp.Combine("model.sig");

        (await CliRun.InProcess("sign", model, "--key", leafKeyPath, "--cert", leafCertPath, "--signature", sig)).ExitCode.ShouldBe(0);
        var (code, stdout, stderr) = await CliRun.InProcess("verify", model, "--signature", sig, "--cert-chain", rootPath);
        code.ShouldBe(0, stdout + stderr);
        File.ReadAllText(sig).ShouldContain("x509CertificateChain");

        using var otherKey = ECDsa.Create();
        using var other = new CertificateRequest("CN=other-root", otherKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(start, end);
        var otherPath = _temp.Write("other.pem", other.ExportCertificatePem());
        (await CliRun.InProcess("verify", model, "--signature", sig, "--cert-chain", otherPath)).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task Keygen_never_overwrites()
    {
        var key = _temp.Write("key.pem", "precious");
        (await CliRun.InProcess("keygen", "--private-key", key, "--public-key", _temp.Combine("k.pub"))).ExitCode.ShouldBe(2);
        File.ReadAllText(key).ShouldBe("precious");
    }

    [Fact]
    public async Task The_reference_implementations_signatures_verify_with_key_and_with_certificate_chain()
    {
        var keyed = Path.Combine(Vectors, "v1.1.0-elliptic-key");
        var (code, stdout, stderr) = await CliRun.InProcess("verify", keyed, "--signature", Path.Combine(keyed, "model.sig"),
            "--key", Path.Combine(Vectors, "keys", "signing-key-pub.pem"), "--ignore-paths", "ignore-me");
        code.ShouldBe(0, stdout + stderr);

        var certified = Path.Combine(Vectors, "v1.1.0-certificate");
        (code, stdout, stderr) = await CliRun.InProcess("verify", certified, "--signature", Path.Combine(certified, "model.sig"),
            "--cert-chain", Path.Combine(Vectors, "keys", "ca-cert.pem"), "--ignore-paths", "ignore-me");
        code.ShouldBe(0, stdout + stderr);

        // A copy with one more file no longer matches: exit 0 only on a full match.
        var copy = Directory.CreateDirectory(_temp.Combine("copy")).FullName;
        foreach (var file in Directory.GetFiles(keyed))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        File.WriteAllText(Path.Combine(copy, "extra.bin"), "planted");
        (code, _, stderr) = await CliRun.InProcess("verify", copy, "--signature", Path.Combine(copy, "model.sig"),
            "--key", Path.Combine(Vectors, "keys", "signing-key-pub.pem"));
        code.ShouldBe(1);
        stderr.ShouldContain("added    extra.bin");
    }

    [Fact]
    public async Task A_wrong_key_fails_and_a_damaged_signature_file_writes_nothing()
    {
        var model = Model();
        await CliRun.InProcess("keygen", "--private-key", _temp.Combine("a.pem"), "--public-key", _temp.Combine("a.pub"));
        await CliRun.InProcess("keygen", "--private-key", _temp.Combine("b.pem"), "--public-key", _temp.Combine("b.pub"));
        var sig = _temp.Combine("model.sig");
        await CliRun.InProcess("sign", model, "--key", _temp.Combine("a.pem"), "--signature", sig);

        (await CliRun.InProcess("verify", model, "--signature", sig, "--key", _temp.Combine("b.pub"))).ExitCode.ShouldBe(1);
        File.WriteAllText(sig, File.ReadAllText(sig)[..40]);
        (await CliRun.InProcess("verify", model, "--signature", sig, "--key", _temp.Combine("a.pub"))).ExitCode.ShouldBe(1);

        var missing = _temp.Combine("never.sig");
        (await CliRun.InProcess("sign", _temp.Combine("no-such-model"), "--key", _temp.Combine("a.pem"), "--signature", missing)).ExitCode.ShouldBe(2);
        File.Exists(missing).ShouldBeFalse();
    }

    [Fact]
    public async Task Hash_json_gives_per_file_digests_and_the_root()
    {
        var model = Model();

        var (code, stdout, _) = await CliRun.InProcess("hash", model, "--format", "json");

        code.ShouldBe(0);
        var json = JsonNode.Parse(stdout)!;
        json["files"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()).ShouldBe(["config.json", "weights/part-0.bin"]);
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(model, "config.json"))));
        json["files"]![0]!["sha256"]!.GetValue<string>().ShouldBe(expected);
        json["rootDigest"]!.GetValue<string>().Length.ShouldBe(64);

        var (shardCode, shards, _) = await CliRun.InProcess("hash", model, "--method", "shards", "--shard-size", "1024", "--format", "json");
        shardCode.ShouldBe(0);
        JsonNode.Parse(shards)!["resources"]!.AsArray().Count.ShouldBe(1 + 5);
    }

    [Fact]
    public async Task Manifest_diff_names_added_removed_and_changed_files()
    {
        var data = Model();
        var manifest = _temp.Combine("data.manifest.json");
        (await CliRun.InProcess("manifest", "create", data, "--output", manifest)).ExitCode.ShouldBe(0);
        (await CliRun.InProcess("manifest", "diff", manifest, data)).ExitCode.ShouldBe(0);

        File.WriteAllText(Path.Combine(data, "config.json"), "{\"hidden\": 128}\n");
        File.Delete(Path.Combine(data, "weights", "part-0.bin"));
        _temp.Write("model/new.csv", "a,b\n");
        var (code, stdout, _) = await CliRun.InProcess("manifest", "diff", manifest, data);

        code.ShouldBe(1);
        stdout.ShouldContain("added    new.csv");
        stdout.ShouldContain("removed  weights/part-0.bin");
        stdout.ShouldContain("changed  config.json");
    }
}
