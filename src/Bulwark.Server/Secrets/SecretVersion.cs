namespace Bulwark.Server.Secrets;

/// <summary>
/// One value of a secret under envelope encryption: the value's AES-256-GCM ciphertext, nonce and tag, and its
/// data key wrapped under the key-encryption key of master key <see cref="MasterKeyId"/>. The associated data
/// (<see cref="SecretContext"/>) binds the ciphertext to this secret, its scope, name and version number.
/// </summary>
internal sealed class SecretVersion
{
    public Guid SecretId { get; set; }

    public StoredSecret? Secret { get; set; }

    /// <summary>1, 2, 3… per secret; the newest <see cref="SecretStore.KeptVersions"/> are kept.</summary>
    public int Version { get; set; }

    public required byte[] Ciphertext { get; set; }

    public required byte[] Nonce { get; set; }

    public required byte[] Tag { get; set; }

    public required byte[] WrappedKey { get; set; }

    public required byte[] WrapNonce { get; set; }

    /// <summary>Which master key wraps the data key; rotation re-wraps rows whose id is not the new key's.</summary>
    public required string MasterKeyId { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }
}
