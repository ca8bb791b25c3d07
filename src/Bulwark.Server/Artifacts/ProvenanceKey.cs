using System.Security.Cryptography;
using Bulwark.Integrity.Provenance;
using Bulwark.Integrity.Signing;
using Bulwark.Server.Configuration;

namespace Bulwark.Server.Artifacts;

/// <summary>
/// The server's provenance signing key: ECDSA P-256, PKCS#8 PEM in <c>{data}/provenance.key</c> (mode 0600),
/// created on first use and never replaced. Its public half is published at <c>GET /api/v1/provenance-key</c> for
/// <c>bulwark verify-attestation --key</c>. Servers that share a database must share this file too, or each signs
/// with its own key.
/// </summary>
internal sealed class ProvenanceKey(ServerOptions options) : IDisposable
{
    public const string FileName = "provenance.key";
    private readonly Lock _gate = new();
    private ECDsa? _key;

    public string Path => System.IO.Path.Combine(options.DataDirectory, FileName);

    /// <summary>SubjectPublicKeyInfo PEM of the signing key.</summary>
    public string PublicKeyPem()
    {
        lock (_gate)
        {
            return PemKeys.PublicKeyPem(Load());
        }
    }

    /// <summary>The statement signed (DSSE) as a Sigstore bundle.</summary>
    public byte[] Attest(ProvenanceStatement statement)
    {
        // ECDsa instances are not documented as safe for concurrent use.
        lock (_gate)
        {
            return ProvenanceAttester.Attest(statement, new EcdsaKeySigner(Load()));
        }
    }

    private ECDsa Load()
    {
        if (_key is not null)
        {
            return _key;
        }
        if (!File.Exists(Path))
        {
            try
            {
                KeyFiles.WritePrivate(Path, KeyGenerator.Generate(EcCurve.P256).PrivateKeyPem);
            }
            catch (IOException) when (File.Exists(Path))
            {
                // Created meanwhile by another process on this data directory: use that one.
            }
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new ServerOptionsException($"provenance key: {Path} is readable or writable by other users; run chmod 600 on it");
        }
        try
        {
            _key = PemKeys.LoadPrivateKey(File.ReadAllText(Path));
        }
        catch (KeyFormatException ex)
        {
            throw new ServerOptionsException($"provenance key: {Path} is not a usable ECDSA private key ({ex.Message})");
        }
        return _key;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _key?.Dispose();
            _key = null;
        }
    }
}
