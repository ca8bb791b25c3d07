using System.Security.Cryptography;
using Bulwark.Integrity.Dsse;
using Bulwark.Integrity.Signing;
using Bulwark.Tests.Shared;

namespace Bulwark.Integrity.Tests.Signing;

public sealed class PemKeysTests
{
    [Fact]
    public void Generated_keys_load_back_as_pkcs8_and_spki()
    {
        var pair = KeyGenerator.Generate(EcCurve.P521);
        pair.PrivateKeyPem.ShouldStartWith("-----BEGIN PRIVATE KEY-----");
        pair.PublicKeyPem.ShouldStartWith("-----BEGIN PUBLIC KEY-----");
        using var key = PemKeys.LoadPrivateKey(pair.PrivateKeyPem);
        key.KeySize.ShouldBe(521);
        PemKeys.PublicKeyPem(key).ShouldBe(pair.PublicKeyPem);
    }

    [Fact]
    public void Rsa_keys_are_refused_with_a_clear_reason()
    {
        using var rsa = RSA.Create(2048);
        Should.Throw<KeyFormatException>(() => PemKeys.LoadPrivateKey(rsa.ExportPkcs8PrivateKeyPem())).Message.ShouldContain("RSA");
        Should.Throw<KeyFormatException>(() => PemKeys.LoadPublicKey(rsa.ExportSubjectPublicKeyInfoPem())).Message.ShouldContain("RSA");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----")]
    public void Garbled_private_keys_are_refused(string pem) =>
        Should.Throw<KeyFormatException>(() => PemKeys.LoadPrivateKey(pem)).Message.ShouldNotBeNullOrWhiteSpace();

    [Fact]
    public void Private_key_files_are_owner_only_and_never_overwritten()
    {
        using var temp = new TempDirectory("bulwark-keys");
        var path = temp.Combine("key.pem");
        KeyFiles.WritePrivate(path, "secret");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        Should.Throw<IOException>(() => KeyFiles.WritePrivate(path, "other"));
        Should.Throw<IOException>(() => KeyFiles.WritePublic(path, "other"));
        File.ReadAllText(path).ShouldBe("secret");
    }

    [Fact]
    public void Pae_matches_the_dsse_specification_example() =>
        Pae.Encode("http://example.com/HelloWorld", "hello world"u8).ShouldBe("DSSEv1 29 http://example.com/HelloWorld 11 hello world"u8.ToArray());
}
